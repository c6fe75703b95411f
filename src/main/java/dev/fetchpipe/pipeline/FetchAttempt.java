package dev.fetchpipe.pipeline;

import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.report.Attempt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One attempt at a URL, as its fetcher knows it while it is under way: a fresh record for every attempt, changed only
 * by making a new one (a response came, a redirect was followed), so nothing of an attempt lingers into the next. It
 * carries the URL's own facts too, which pass from one attempt to the next: when the URL started, its attempts that
 * already failed, and whether its bodies stream to disk.
 *
 * @param id           unique among all the attempts of one fetcher's life: an answer carrying another is late
 * @param number       1 for the URL's first request, 2 for its first retry...
 * @param target       where the attempt's last request went: the item's URL, or where a redirect led
 * @param redirects    redirects this attempt followed
 * @param firstByteMs  when its response's head arrived, or null
 * @param status       its response's status, or null
 * @param streamToDisk a body of unknown size outgrew memory in an earlier try: this URL's bodies stream to disk
 * @param partial      the URL's body kept so far, which the next request asks the rest of; null for none
 */
record FetchAttempt(JobItem item, double urlStartedMs, List<Attempt> failed, boolean streamToDisk,
    int id, int number, double startedMs, String target, int redirects, Double firstByteMs, Integer status,
    PartialBody partial) {

  FetchAttempt {
    failed = List.copyOf(failed);
  }

  /** The URL's first attempt, starting now. */
  static FetchAttempt first(JobItem item, int id, double now, PartialBody partial) {
    return new FetchAttempt(item, now, List.of(), false, id, 1, now, item.target(), 0, null, null, partial);
  }

  /** The same attempt, the URL's body kept so far being {@code kept} (null: none, the next request asks it whole). */
  FetchAttempt continuing(PartialBody kept) {
    return new FetchAttempt(item, urlStartedMs, failed, streamToDisk, id, number, startedMs, target, redirects,
        firstByteMs, status, kept);
  }

  /** The attempt after this one failed ({@link #failed}), starting now. */
  FetchAttempt next(int nextId, double now) {
    return new FetchAttempt(item, urlStartedMs, failed, streamToDisk, nextId, number + 1, now, item.target(), 0,
        null, null, partial);
  }

  /** The same attempt, not sent yet, starting now instead: it waited for its host ({@link HostGate}). */
  FetchAttempt startingAt(double now) {
    return new FetchAttempt(item, number == 1 ? now : urlStartedMs, failed, streamToDisk, id, number, now, target,
        redirects, firstByteMs, status, partial);
  }

  /** Its response's head came now, with this status. */
  FetchAttempt responded(int httpStatus, double now) {
    return new FetchAttempt(item, urlStartedMs, failed, streamToDisk, id, number, startedMs, target, redirects, now,
        httpStatus, partial);
  }

  /** It follows a redirect to {@code location}. */
  FetchAttempt redirectedTo(String location) {
    return new FetchAttempt(item, urlStartedMs, failed, streamToDisk, id, number, startedMs, location, redirects + 1,
        firstByteMs, status, partial);
  }

  /** Its body, of unknown size, outgrew memory: it asks again, and this URL's bodies go to disk from now on. */
  FetchAttempt streamingToDisk() {
    return new FetchAttempt(item, urlStartedMs, failed, true, id, number, startedMs, target, redirects, firstByteMs,
        status, partial);
  }

  /** It failed now with {@code error}, and the next attempt comes after {@code wait}: it joins the failed ones. */
  FetchAttempt failed(String error, Duration wait, double now) {
    List<Attempt> all = new ArrayList<>(failed);
    all.add(new Attempt(number, startedMs, firstByteMs, now, status, error, wait.toMillis()));
    return new FetchAttempt(item, urlStartedMs, all, streamToDisk, id, number, startedMs, target, redirects,
        firstByteMs, status, partial);
  }

  /** Why the last failed attempt failed. */
  String lastError() {
    return failed.get(failed.size() - 1).error();
  }

  /**
   * The URL as it ends now.
   *
   * @param open       this attempt is still under way and ends with the URL; false when it already failed and the
   *                   URL ends while waiting to retry
   * @param bodyDoneMs when the whole body was here, or null
   */
  UrlEnding ending(boolean open, Double bodyDoneMs, JobClock clock) {
    UrlEnding.OpenAttempt last = open ? new UrlEnding.OpenAttempt(number, startedMs, firstByteMs, status) : null;
    return new UrlEnding(item, status, urlStartedMs, firstByteMs, bodyDoneMs, failed, last, clock);
  }
}
