package dev.fetchpipe.pipeline;

import static dev.fetchpipe.pekko.Stages.same;

import dev.fetchpipe.config.FetchSettings;
import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.journal.JournalEntry;
import dev.fetchpipe.journal.Resume;
import dev.fetchpipe.pekko.DirectCompletion;
import dev.fetchpipe.report.Durations;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.BehaviorBuilder;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;
import org.apache.pekko.stream.KillSwitch;

/**
 * Downloads the URLs its supervisor hands it, one at a time, and stays alive between them (an actor per URL cost more
 * CPU than the download on a 2-core machine). Requests go through Pekko HTTP's asynchronous client; every answer comes
 * back as a message. A 2xx body is read into memory when small, else into a file on the blocking-io dispatcher
 * ({@link BodyReader}); the {@link DiskWriter} puts it in place whole and sends the URL's result, while the fetcher
 * goes on. A body cut off part-way is kept where it may be continued, and the next request asks for the rest
 * ({@link PartialBody}); a saved file is asked for only if it changed, a 304 keeps it ({@link Revalidation}). 404 is NOT_FOUND. Transient failures (connection failures, timeouts, a body cut off, HTTP
 * 408, 429, 500, 502, 503, 504) are tried again after a backoff or the server's Retry-After; a 429 pauses its host for
 * the whole job ({@link HostTurns}); any other status is an ERROR. The URL's one {@link ItemResult}, with every
 * attempt, goes to {@code replyTo}. {@link Abort} cuts it off. Each stage is a behaviour: {@link #idle}, {@link #requesting}, {@link #receiving}, {@link #waiting} (for a retry,
 * or the host's turn), {@link #ending}; each attempt is a fresh {@link FetchAttempt}. Every answer of Pekko HTTP passes
 * {@link #answered}, which knows one to an attempt given up on. A request or body given up on is torn down with its
 * connection at once ({@link FetcherConnections}); the retry, or the next URL, waits for that: one request open at a time.
 */
public final class Fetcher {

  public interface Command {}

  /** Download this URL (idle fetchers only; SKIPPED after {@link NoMoreRetries}), the rest of {@code partial} if set, or only if changed since {@code saved} if set. */
  public record Fetch(JobItem item, Resume.Partial partial, JournalEntry saved) implements Command {}

  /** To the supervisor: {@code item}'s result is sent (or the writer's to send); nothing of it is open: ready. */
  public record Free(ActorRef<Command> fetcher, JobItem item) {}

  /** Stop now: what is under way is cut off, CANCELLED; a body with the writer is written whole (short, atomic). */
  public enum Abort implements Command { INSTANCE }

  /** The job was cancelled: no retry starts any more (a URL waiting to retry, or failing from now, ends CANCELLED). */
  public enum NoMoreRetries implements Command { INSTANCE }

  /** Not needed (a resize, its node leaving; sent when {@link Free}): stop once its last write ends, its result sent. */
  public enum Retire implements Command { INSTANCE }

  /** What Pekko HTTP answers, for the attempt {@code attemptId}: a request's response or failure, a body's end. */
  private interface Answer extends Command {
    int attemptId();
  }

  private record Responded(int attemptId, HttpResponse response) implements Answer {}
  private record RequestFailed(int attemptId, Throwable cause) implements Answer {}
  private record BodyRead(int attemptId, BodyReader.Body body) implements Answer {}

  /** {@code temp}, {@code partial}: as the body's {@link BodyReader.Reading} had them. */
  private record BodyFailed(int attemptId, Path temp, PartialBody partial, JobItem item, Throwable cause) implements Answer {}

  /** This fetcher's write with the writer ended (in place or failed); its result went to {@code replyTo} from there. */
  private enum WriteEnded implements Command { INSTANCE }

  /** A timer of the attempt under way (a cancelled timer's message never arrives: no attempt id needed). */
  private record TimedOut(String reason) implements Command {}

  private enum RetryNow implements Command { INSTANCE }

  private static final String RESPONSE_TIMER = "response";
  private static final String REQUEST_TIMER = "request";
  private static final String RETRY_TIMER = "retry";
  /** The attempt of a stage that has none under way: every answer there is late. */
  private static final int NO_ATTEMPT = 0;

  /** @param pool the job's pool settings, made once per job ({@link FetcherHttp}); cookies: its jar on this node */
  public static Behavior<Command> create(FetchpipeSettings settings, ConnectionPoolSettings pool,
      ActorRef<DiskWriter.Command> writer, ActorRef<ItemResult> replyTo, ActorRef<Free> free, JobClock clock,
      FetchGauges gauges, CookieJar cookies) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers ->
        new Fetcher(context, timers, settings, pool, writer, replyTo, free, clock, gauges, cookies).idle()));
  }

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final FetchSettings settings;
  private final ActorRef<DiskWriter.Command> writer;
  private final ActorRef<ItemResult> replyTo;
  private final ActorRef<Free> free;
  private final JobClock clock;
  private final FetcherHttp http;
  private final BodyReader bodies;
  private final RequestHeaders headers;
  private final HostTurns hosts;
  private final PartialFiles partials;
  private final FetchGauges.Waiting waiting; // the URL waits for its retry or host: counted so, not as in flight
  private final WriteHandOff<DiskWriter.Command> writes = new WriteHandOff<>();
  private final TimedOut requestTimedOut, responseTimedOut; // made once: every request arms both

  /** The last attempt's id: every attempt of this fetcher's life has its own, so an answer to an earlier one is late. */
  private int lastAttemptId = NO_ATTEMPT;
  /** Requests and bodies Pekko HTTP still holds for this fetcher: the attempt's under way, and any given up on. */
  private int open;
  /** The job was cancelled: a transient failure ends the URL instead of being retried, for the rest of the job. */
  private boolean noMoreRetries;

  private Fetcher(ActorContext<Command> context, TimerScheduler<Command> timers, FetchpipeSettings all,
      ConnectionPoolSettings pool, ActorRef<DiskWriter.Command> writer, ActorRef<ItemResult> replyTo, ActorRef<Free> free,
      JobClock clock, FetchGauges gauges, CookieJar cookies) {
    this.context = context;
    this.waiting = gauges.waiting();
    this.timers = timers;
    this.settings = all.fetch();
    this.writer = writer;
    this.replyTo = replyTo;
    this.free = free;
    this.clock = clock;
    this.http = new FetcherHttp(context.getSystem(), pool, settings.net(), settings.idleTimeout());
    this.requestTimedOut = new TimedOut("request took longer than " + Durations.words(settings.requestTimeout()));
    this.responseTimedOut = new TimedOut("no response after " + Durations.words(settings.responseTimeout()));
    this.partials = new PartialFiles(all.job().outputDir(), this.writer);
    this.bodies = new BodyReader(settings, all.writer(), all.job(), gauges,
        BodyCollector.get(context.getSystem()), http.materializer());
    this.headers = new RequestHeaders(settings.request(), cookies);
    this.hosts = new HostTurns(gauges.hosts(), settings.retry(), clock);
  }

  // --- the stages --------------------------------------------------------------------------------------------------

  /** No URL: waits for the next. */
  private Behavior<Command> idle() {
    return withCommon(Behaviors.receive(Command.class)
        .onMessage(Fetch.class, fetch -> start(FetchAttempt.first(fetch.item(), ++lastAttemptId, clock.millis(),
            partials.kept(fetch.item(), fetch.partial()), Revalidation.of(fetch.saved())))));
  }

  /** A request of {@code attempt} is out: waits for its response's head. */
  private Behavior<Command> requesting(FetchAttempt attempt) {
    return withCommon(Behaviors.receive(Command.class)
        .onMessage(Answer.class, answer -> answered(answer, attempt.id(), head -> onHead(attempt, head), Behaviors::same))
        .onMessage(TimedOut.class, timedOut -> failed(attempt, timedOut.reason(), null))
        .onMessageEquals(Abort.INSTANCE, () -> finish(attempt, true, Outcome.CANCELLED, "cut off while waiting for the response")));
  }

  /** A 2xx body of {@code attempt} is streaming; {@code body} cuts it off. */
  private Behavior<Command> receiving(FetchAttempt attempt, KillSwitch body) {
    return withCommon(Behaviors.receive(Command.class)
        .onMessage(Answer.class, answer -> answered(answer, attempt.id(), end -> onBody(attempt, end), Behaviors::same))
        .onMessage(TimedOut.class, timedOut -> failed(attempt, BodyReader.cut(body, timedOut.reason()), null))
        .onMessageEquals(Abort.INSTANCE,
            () -> finish(attempt, true, Outcome.CANCELLED, BodyReader.cut(body, "cut off while receiving the body"))));
  }

  /** {@code next} waits for its backoff or its host's turn ({@link HostGate}); once due, for what was given up on. */
  private Behavior<Command> waiting(FetchAttempt next, boolean due) {
    Supplier<Behavior<Command>> startWhenQuiet = () -> {
      if (open == 0) return start(next.startingAt(clock.millis()));
      giveUpOpen("the retry is due");
      return waiting(next, true);
    };
    return withCommon(Behaviors.receive(Command.class)
        // The failed attempt's body given up on (a timeout) ended: what it kept is what the retry continues.
        .onMessage(BodyFailed.class, body -> body.item().equals(next.item()), body -> {
          FetchAttempt continuing = next.continuing(leftOver(body));
          return --open == 0 && due ? start(continuing.startingAt(clock.millis())) : waiting(continuing, due);
        })
        .onMessage(Answer.class, late -> answered(late, NO_ATTEMPT, null, due ? startWhenQuiet : Behaviors::same))
        .onMessageEquals(RetryNow.INSTANCE, startWhenQuiet::get)
        .onMessageEquals(NoMoreRetries.INSTANCE, () -> {
          noMoreRetries = true;
          return start(next);
        })
        .onMessageEquals(Abort.INSTANCE, () -> finish(next, false, Outcome.CANCELLED,
            next.number() > 1 ? "cut off while waiting to retry" : "cut off while waiting for its host")));
  }

  /** {@code item}'s result is sent or its body with the writer: free once nothing of it is open and no body waits. */
  private Behavior<Command> ending(JobItem item) {
    if (open == 0 && !writes.waiting()) {
      free.tell(new Free(context.getSelf(), item));
      return idle();
    }
    return withCommon(Behaviors.receive(Command.class)
        .onMessage(Answer.class, late -> answered(late, NO_ATTEMPT, null, () -> ending(item)))
        .onMessageEquals(WriteEnded.INSTANCE, () -> {
          writeEnded();
          return ending(item);
        }));
  }

  /** Told to {@link Retire} while its last write is with the writer: stops once that write has ended. */
  private Behavior<Command> retiring() {
    return withCommon(Behaviors.receive(Command.class)
        .onMessageEquals(WriteEnded.INSTANCE, () -> {
          writeEnded();
          return writes.writing() ? Behaviors.same() : Behaviors.stopped();
        }));
  }

  /** What every stage does alike, after its own cases (the first case that matches a message wins). */
  private Behavior<Command> withCommon(BehaviorBuilder<Command> stage) {
    return stage
        .onMessage(Answer.class, late -> answered(late, NO_ATTEMPT, null, Behaviors::same))
        .onMessageEquals(WriteEnded.INSTANCE, () -> same(this::writeEnded))
        .onMessageEquals(NoMoreRetries.INSTANCE, () -> same(() -> noMoreRetries = true))
        .onMessageEquals(Retire.INSTANCE, () -> writes.writing() ? retiring() : Behaviors.stopped())
        .onMessageEquals(Abort.INSTANCE, Behaviors::same)
        .onMessage(Fetch.class, fetch -> {
          throw new IllegalStateException("asked to fetch " + fetch.item().url() + " while busy");
        })
        // Nothing it sent outlives it; its idle connections go back, for the next fetcher to reuse.
        .onSignal(PostStop.class, stopped -> same(() -> {
          waiting.set(false);
          http.giveBack(open > 0);
        }))
        .build();
  }

  // --- one attempt: request, response, body ------------------------------------------------------------------------

  private Behavior<Command> start(FetchAttempt attempt) {
    waiting.set(false);
    if (noMoreRetries && attempt.number() > 1) return finish(attempt, false, Outcome.CANCELLED, "cancelled while waiting to retry: " + attempt.lastError());
    if (noMoreRetries) { // not sent: a cluster node's next URL, claimed before the cancel reached it; one waiting for its host
      replyTo.tell(JobLedger.skipped(attempt.item(), clock.millis()));
      return ending(attempt.item());
    }
    Duration hostWait = hosts.claim(attempt);
    if (hostWait != null) return waitFor(attempt, hostWait);
    timers.startSingleTimer(REQUEST_TIMER, requestTimedOut, settings.requestTimeout());
    return request(attempt);
  }

  /** Sends {@code attempt}'s request to its target: its response's head must come within the response timeout. */
  private Behavior<Command> request(FetchAttempt attempt) {
    HttpRequest request;
    try {
      request = attempt.ask(headers.request(attempt.item(), attempt.target()));
    } catch (RuntimeException badUri) {
      return finish(attempt, true, Outcome.ERROR, "unusable URL: " + FetchFailures.reason(badUri));
    }
    timers.startSingleTimer(RESPONSE_TIMER, responseTimedOut, settings.responseTimeout());
    open++;
    int sentBy = attempt.id();
    context.pipeToSelf(http.send(request), (response, failure) ->
        failure == null ? new Responded(sentBy, response) : new RequestFailed(sentBy, failure));
    return requesting(attempt);
  }

  /**
   * Every answer of Pekko HTTP, to the attempt under way or not, passes here: what it closed is counted. One to the
   * attempt {@code current} goes to {@code onCurrent}; one to an attempt given up on is only cleaned up (its body
   * discarded, its temporary file deleted), and the stage goes on with {@code afterLate}. */
  private Behavior<Command> answered(Answer answer, int current, Function<Answer, Behavior<Command>> onCurrent,
      Supplier<Behavior<Command>> afterLate) {
    open--;
    if (answer.attemptId() == current) return onCurrent.apply(answer);
    if (answer instanceof Responded late) http.discard(late.response());
    if (answer instanceof BodyRead late && late.body() instanceof BodyReader.OnDisk onDisk) {
      writer.tell(new DiskWriter.Discard(onDisk.temp()));
    }
    if (answer instanceof BodyFailed late) leftOver(late);
    return afterLate.get();
  }

  private Behavior<Command> onHead(FetchAttempt attempt, Answer answer) {
    if (answer instanceof RequestFailed failed) {
      String permanent = FetchFailures.permanent(failed.cause());
      if (permanent != null) return finish(attempt, true, Outcome.ERROR, permanent);
      return failed(attempt, FetchFailures.reason(failed.cause()), null);
    }
    HttpResponse response = ((Responded) answer).response();
    timers.cancel(RESPONSE_TIMER);
    headers.answered(attempt.target(), response);
    FetchAttempt answered = attempt.responded(response.status().intValue(), clock.millis());
    HeadDecision decision = HeadDecision.of(response, attempt.partial(), attempt.revalidation() != null, attempt.target(), attempt.redirects(), settings.maxRedirects());
    if (decision instanceof HeadDecision.ReadBody read) return receive(answered, response, read.from());
    http.discard(response);
    if (decision instanceof HeadDecision.NotModified) return bodyRead(answered, attempt.revalidation().unchanged());
    // Not the rest of the body: its connection goes at once (the next request must not wait for it), and ask whole.
    if (decision instanceof HeadDecision.AskWhole) http.tearDown("the answer to a Range request was not the rest");
    if (decision instanceof HeadDecision.AskWhole) return request(answered.continuing(attempt.partial().emptied()));
    if (decision instanceof HeadDecision.Redirect redirect) return request(answered.redirectedTo(redirect.target()));
    if (decision instanceof HeadDecision.Transient failure) {
      hosts.answered(answered, failure);
      return failed(answered, failure.error(), failure.retryAfter());
    }
    HeadDecision.End end = (HeadDecision.End) decision;
    return finish(answered, true, end.outcome(), end.error());
  }

  /** Reads a 2xx body ({@link BodyReader}), the rest of {@code from} if set; the answer comes back as a message. */
  private Behavior<Command> receive(FetchAttempt attempt, HttpResponse response, PartialBody from) {
    JobItem item = attempt.item();
    BodyReader.Start start = bodies.start(response, item.fileName(), from, attempt.streamToDisk());
    PartialBody partial = partials.started(item, attempt.partial(), start);
    if (start instanceof BodyReader.Refused refused) return finish(attempt, true, Outcome.ERROR, refused.error());
    if (start instanceof BodyReader.Whole whole) return bodyRead(attempt, whole.body());
    BodyReader.Reading reading = (BodyReader.Reading) start;
    open++;
    int receivedBy = attempt.id();
    context.pipeToSelf(DirectCompletion.of(reading.body()), (body, failure) -> failure == null
        ? new BodyRead(receivedBy, body) : new BodyFailed(receivedBy, reading.temp(), partial, item, failure));
    return receiving(attempt, reading.killSwitch());
  }

  private Behavior<Command> onBody(FetchAttempt attempt, Answer answer) {
    if (answer instanceof BodyRead read) return bodyRead(attempt, read.body());
    BodyFailed failed = (BodyFailed) answer;
    Throwable cause = FetchFailures.unwrap(failed.cause());
    BodyReader.Failure failure = BodyReader.failure(cause, failed.temp() != null);
    PartialBody kept = leftOver(failed);
    // What is left of a body that failed half-way is nobody's: its connection goes, so the next request has a new one.
    http.tearDown(bodies.error(failure, cause));
    return switch (failure) {
      case TOO_LARGE, DISK, PROTOCOL -> finish(attempt, true, Outcome.ERROR, bodies.error(failure, cause));
      case TRANSIENT -> failed(attempt.continuing(kept), bodies.error(failure, cause), null);
      // Not a failure: a body of unknown size is larger than stream-above. Ask again and stream it to disk this time.
      case OUTGREW_MEMORY -> request(attempt.streamingToDisk());
    };
  }

  /**
   * The whole body is here: only the disk can fail now, no timeout applies. The writer sends the URL's result once the
   * file is in place, so the fetcher is free for its next URL at once (as asyncio's client releases its semaphore
   * before run_in_executor's write). A second body waits for the first write ({@link WriteHandOff}): bodies held in
   * memory stay bounded by max-in-flight. */
  private Behavior<Command> bodyRead(FetchAttempt attempt, BodyReader.Body body) {
    timers.cancelAll();
    UrlEnding ending = attempt.ending(true, clock.millis(), clock);
    ActorRef<ItemResult> results = replyTo;
    ActorRef<Command> self = context.getSelf();
    String route = http.routeShown(attempt.target());
    // Runs on the writer's thread: it touches nothing of this actor, only sends.
    DiskWriter.Command now = writes.offer(body.saveAs(attempt.item(), result -> {
      results.tell(ending.written(result).withRoute(route));
      self.tell(WriteEnded.INSTANCE);
    }));
    if (now != null) writer.tell(now);
    return ending(attempt.item());
  }

  private PartialBody leftOver(BodyFailed failed) {
    return partials.leftOver(failed.item(), failed.temp(), failed.partial(), failed.cause());
  }

  private void writeEnded() {
    DiskWriter.Command next = writes.ended();
    if (next != null) writer.tell(next);
  }

  // --- retries and the end -----------------------------------------------------------------------------------------

  /** A transient failure: wait and try again while attempts are left, else the URL is an ERROR. */
  private Behavior<Command> failed(FetchAttempt attempt, String error, Duration retryAfter) {
    RetryDecision decision = RetryDecision.after(settings.retry(), attempt.number(), error, retryAfter, noMoreRetries,
        ThreadLocalRandom.current().nextDouble());
    if (decision instanceof RetryDecision.GiveUp giveUp) return finish(attempt, true, giveUp.outcome(), giveUp.error());
    timers.cancelAll();
    giveUpOpen(error);
    Duration wait = ((RetryDecision.Retry) decision).delay();
    waiting.set(true);
    return waitFor(attempt.failed(error, wait, clock.millis()).next(++lastAttemptId, clock.millis()), wait);
  }

  private Behavior<Command> waitFor(FetchAttempt next, Duration wait) {
    timers.startSingleTimer(RETRY_TIMER, RetryNow.INSTANCE, wait);
    return waiting(next, false);
  }

  /**
   * The URL ends here without a file; a saved file's result is the writer's to send (see {@link #bodyRead}).
   * @param open the attempt is under way and ends with the URL (false: the URL ends while waiting to retry) */
  private Behavior<Command> finish(FetchAttempt attempt, boolean open, Outcome outcome, String error) {
    timers.cancelAll();
    waiting.set(false);
    giveUpOpen(outcome + (error == null ? "" : ": " + error));
    replyTo.tell(attempt.ending(open, null, clock).ended(outcome, error).withRoute(http.routeShown(attempt.target())));
    return ending(attempt.item());
  }

  /** What Pekko HTTP still holds of this fetcher's requests is given up on: its connections are torn down now. */
  private void giveUpOpen(String why) {
    if (open > 0) http.tearDown(why);
  }
}
