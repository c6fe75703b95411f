package dev.fetchpipe.pipeline;

import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.report.Attempt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.http.javadsl.model.HttpRequest;

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
 * @param revalidation the file an earlier run saved, which each request asks for only if it changed since
 *                     (job.refresh = if-changed); null when the requests ask unconditionally, as they do once a
 *                     2xx body began
 */
record FetchAttempt(JobItem item, double urlStartedMs, List<Attempt> failed, boolean streamToDisk,
    int id, int number, double startedMs, String target, int redirects, Double firstByteMs, Integer status,
    PartialBody partial, Revalidation revalidation) {

  FetchAttempt {
    failed = List.copyOf(failed);
  }

  /** The URL's first attempt, starting now. */
  static FetchAttempt first(JobItem item, int id, double now, PartialBody partial, Revalidation revalidation) {
    return new FetchAttempt(item, now, List.of(), false, id, 1, now, item.target(), 0, null, null, partial, revalidation);
  }

  /** {@code request} as this attempt sends it: for the rest of its kept body, or only if its file changed. */
  HttpRequest ask(HttpRequest request) {
    return PartialBody.ask(partial, Revalidation.ask(revalidation, request));
  }

  /** The same attempt, the URL's body kept so far being {@code kept} (null: none, the next request asks it whole). */
  FetchAttempt continuing(PartialBody kept) {
    return new FetchAttempt(item, urlStartedMs, failed, streamToDisk, id, number, startedMs, target, redirects,
        firstByteMs, status, kept, revalidation);
  }

  /** The attempt after this one failed ({@link #failed}), starting now. */
  FetchAttempt next(int nextId, double now) {
    return new FetchAttempt(item, urlStartedMs, failed, streamToDisk, nextId, number + 1, now, item.target(), 0,
        null, null, partial, revalidation);
  }

  /** The same attempt, not sent yet, starting now instead: it waited for its host ({@link HostGate}). */
  FetchAttempt startingAt(double now) {
    return new FetchAttempt(item, number == 1 ? now : urlStartedMs, failed, streamToDisk, id, number, now, target,
        redirects, firstByteMs, status, partial, revalidation);
  }

  /** Its response's head came now, with this status: a 2xx body replaces the file, so no retry asks about it. */
  FetchAttempt responded(int httpStatus, double now) {
    return new FetchAttempt(item, urlStartedMs, failed, streamToDisk, id, number, startedMs, target, redirects, now,
        httpStatus, partial, httpStatus / 100 == 2 ? null : revalidation);
  }

  /** It follows a redirect to {@code location}. */
  FetchAttempt redirectedTo(String location) {
    return new FetchAttempt(item, urlStartedMs, failed, streamToDisk, id, number, startedMs, location, redirects + 1,
        firstByteMs, status, partial, revalidation);
  }

  /** Its body, of unknown size, outgrew memory: it asks again, and this URL's bodies go to disk from now on. */
  FetchAttempt streamingToDisk() {
    return new FetchAttempt(item, urlStartedMs, failed, true, id, number, startedMs, target, redirects, firstByteMs,
        status, partial, revalidation);
  }

  /** It failed now with {@code error}, and the next attempt comes after {@code wait}: it joins the failed ones. */
  FetchAttempt failed(String error, Duration wait, double now) {
    List<Attempt> all = new ArrayList<>(failed);
    all.add(new Attempt(number, startedMs, firstByteMs, now, status, error, wait.toMillis()));
    return new FetchAttempt(item, urlStartedMs, all, streamToDisk, id, number, startedMs, target, redirects,
        firstByteMs, status, partial, revalidation);
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
