package dev.fetchpipe.pipeline;

import dev.fetchpipe.config.FetchSettings;
import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.config.RetrySettings;
import dev.fetchpipe.config.WriterSettings;
import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.pekko.DirectCompletion;
import dev.fetchpipe.report.Attempt;
import dev.fetchpipe.report.Durations;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.Outcome;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.ResponseEntity;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;
import org.apache.pekko.stream.KillSwitch;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.util.ByteString;

/**
 * Downloads the URLs its supervisor hands it, one at a time, and stays alive between them (spawning an actor per URL
 * cost more CPU than the download itself on a 2-core machine). Requests go through Pekko HTTP's asynchronous client
 * and every answer comes back as a message, so no thread ever waits on the network. A 2xx body is read into memory
 * when it is small, else into a temporary file on the blocking-io dispatcher ({@link BodyReader}); either way the
 * {@link DiskWriter} puts it in place whole and sends the URL's result, while the fetcher goes on to its next URL.
 * 404 is NOT_FOUND. Transient failures (connection failures, timeouts, a body cut off, HTTP 408, 429, 500, 502, 503,
 * 504) are tried again after a backoff, or after the server's Retry-After; any other status is an ERROR at once. The
 * URL's one {@link ItemResult}, with every attempt, goes to {@code replyTo}. {@link Abort} cuts it off.
 *
 * <p>Once nothing of a URL is open any more, the fetcher says it is {@link Free} for the next. A fetcher that gave up
 * on a request Pekko HTTP still holds (a timeout, an abort) has sent its result but is not free until that request
 * ends: the supervisor counts busy fetchers against max-in-flight, so requests open in the pool never outnumber them,
 * and Pekko HTTP's pool can never overflow.
 */
public final class Fetcher extends AbstractBehavior<Fetcher.Command> {

  public interface Command {}

  /** Download this URL. Sent only to a fetcher that is new or has said it is {@link Free}. */
  public record Fetch(JobItem item) implements Command {}

  /**
   * To the supervisor: {@code item}'s result was sent, or its body is with the writer, who sends it; nothing of it is
   * open any more, so the fetcher is ready for the next URL.
   */
  public record Free(ActorRef<Command> fetcher, JobItem item) {}

  /**
   * Stop now: a request or body under way is cut off and the URL ends CANCELLED. A fetcher whose body is already with
   * the writer lets that write finish (it is short and atomic), so the file is either whole or absent, and reports it.
   */
  public enum Abort implements Command { INSTANCE }

  /**
   * The job was cancelled: no retry may start from now on. A URL waiting to retry ends CANCELLED now; one whose
   * request is under way may still finish, but if it fails it is not tried again (CANCELLED, with the failure).
   */
  public enum NoMoreRetries implements Command { INSTANCE }

  /**
   * No longer needed (fewer slots after a resize, or its node leaving): stop once the write of its last body has ended,
   * so that its result is sent before anyone watching it hears it stopped. Sent only to a fetcher that is {@link Free}.
   */
  public enum Retire implements Command { INSTANCE }

  private record Responded(int attemptId, HttpResponse response) implements Command {}

  private record RequestFailed(int attemptId, Throwable cause) implements Command {}

  private record BodyRead(int attemptId, BodyReader.Body body) implements Command {}

  /** {@code temp} is the partial file to delete, or null for a body collected in memory. */
  private record BodyFailed(int attemptId, Path temp, Throwable cause) implements Command {}

  /** This fetcher's last body is in place (or failed), and its result went to {@code replyTo} from the writer. */
  private enum WriteEnded implements Command { INSTANCE }

  private record TimedOut(int attemptId, String reason) implements Command {}

  private record RetryNow(int attemptId) implements Command {}

  /** IDLE: no URL, or its result sent and nothing of it open. DONE: result sent, a request or body still open. */
  private enum Stage { IDLE, REQUESTING, RECEIVING, WRITING, WAITING_TO_RETRY, DONE }

  private static final String RESPONSE_TIMER = "response";
  private static final String REQUEST_TIMER = "request";
  private static final String RETRY_TIMER = "retry";

  /**
   * @param pool the job's connection pool settings, made once per job from its fitted config: requests go through
   *             them rather than the actor system's, which in a long-lived system were fitted to no job in particular
   */
  public static Behavior<Command> create(
      FetchpipeSettings settings,
      ConnectionPoolSettings pool,
      ActorRef<DiskWriter.Command> writer,
      ActorRef<ItemResult> replyTo,
      ActorRef<Free> free,
      JobClock clock,
      LongAdder received) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers ->
        new Fetcher(context, timers, settings, pool, writer, replyTo, free, clock, received)));
  }

  private final TimerScheduler<Command> timers;
  private final FetchSettings settings;
  private final RetrySettings retry;
  private final WriterSettings writerSettings;
  private final Path outputDir;
  private final ActorRef<DiskWriter.Command> writer;
  private final ActorRef<ItemResult> replyTo;
  private final ActorRef<Free> free;
  private final JobClock clock;
  private final Http http;
  private final ConnectionPoolSettings pool;
  /** Pekko HTTP's own default log for requests: part of what identifies a pool, so jobs' requests share pools. */
  private final LoggingAdapter httpLog;
  private final Materializer materializer;
  private final BodyReader bodies;

  /** Numbers every attempt of this fetcher's life, so that an answer to an earlier one is known as late. */
  private int attemptId;

  // The URL under way; set afresh by each Fetch.
  private JobItem item;
  private double startedMs;
  private List<Attempt> attempts;
  private Stage stage = Stage.IDLE;
  /** This URL's attempt: 1 for the first request. */
  private int attempt;
  private double attemptStartedMs;
  private Double firstByteMs;
  private Double bodyDoneMs;
  private Integer status;
  /** The URL the last request went to: the item's, or where a redirect led. */
  private String current;
  private int redirects;
  /** Set while a body is streaming, so a timeout, an abort or a stop can cut it off. */
  private KillSwitch bodySwitch;
  /** A request Pekko HTTP has not answered yet, possibly from an attempt already given up on. */
  private boolean requestOpen;
  /** A body stream that has not ended yet, possibly from an attempt already given up on. */
  private boolean bodyOpen;
  /** The retry is due, but waits for the last attempt's request to end first. */
  private boolean retryDue;
  /**
   * A body of unknown size outgrew writer.stream-above in memory: this URL's bodies stream to disk from now on. Most
   * bodies of unknown size (chunked) are small, so they are first collected in memory, which costs no file operations.
   */
  private boolean streamUnknownSize;
  /** The job was cancelled: a transient failure ends the URL instead of being retried. */
  private boolean noMoreRetries;
  /** A body of this fetcher is with the writer, whose answer (WriteEnded) has not come yet. */
  private boolean writing;
  /** The next body, waiting for that write to end before it goes to the writer (see handOff). */
  private DiskWriter.Command waitingWrite;
  /** Told to {@link Retire}: stops when its write ends. */
  private boolean retiring;

  private Fetcher(ActorContext<Command> context, TimerScheduler<Command> timers, FetchpipeSettings all,
      ConnectionPoolSettings pool, ActorRef<DiskWriter.Command> writer, ActorRef<ItemResult> replyTo, ActorRef<Free> free,
      JobClock clock, LongAdder received) {
    super(context);
    this.timers = timers;
    this.settings = all.fetch();
    this.retry = settings.retry();
    this.writerSettings = all.writer();
    this.outputDir = all.job().outputDir();
    this.writer = writer;
    this.replyTo = replyTo;
    this.free = free;
    this.clock = clock;
    this.http = Http.get(context.getSystem());
    this.pool = pool;
    this.httpLog = context.getSystem().classicSystem().log();
    this.materializer = Materializer.matFromSystem(context.getSystem());
    this.bodies = new BodyReader(settings, writerSettings, outputDir, received, BodyCollector.get(context.getSystem()),
        materializer);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Fetch.class, this::onFetch)
        .onMessage(Responded.class, this::onResponded)
        .onMessage(RequestFailed.class, this::onRequestFailed)
        .onMessage(BodyRead.class, this::onBodyRead)
        .onMessage(BodyFailed.class, this::onBodyFailed)
        .onMessageEquals(WriteEnded.INSTANCE, this::onWriteEnded)
        .onMessage(TimedOut.class, this::onTimedOut)
        .onMessage(RetryNow.class, this::onRetryNow)
        .onMessageEquals(Abort.INSTANCE, this::onAbort)
        .onMessageEquals(NoMoreRetries.INSTANCE, this::onNoMoreRetries)
        .onMessageEquals(Retire.INSTANCE, this::onRetire)
        .onSignal(PostStop.class, signal -> onPostStop())
        .build();
  }

  private Behavior<Command> onFetch(Fetch fetch) {
    if (stage != Stage.IDLE) throw new IllegalStateException("asked to fetch " + fetch.item().url() + " while busy");
    item = fetch.item();
    startedMs = clock.millis();
    attempts = new ArrayList<>();
    attempt = 0;
    bodyDoneMs = null;
    streamUnknownSize = false;
    return startAttempt();
  }

  // --- one attempt: request, response, body -------------------------------------------------------------------

  private Behavior<Command> startAttempt() {
    attempt++;
    attemptId++;
    attemptStartedMs = clock.millis();
    firstByteMs = null;
    status = null;
    redirects = 0;
    awaitResponse();
    timers.startSingleTimer(REQUEST_TIMER,
        new TimedOut(attemptId, "request took longer than " + millis(settings.requestTimeout())), settings.requestTimeout());
    return send(item.url().strip());
  }

  /** A request is about to go out: its answer's head must come within the response timeout. */
  private void awaitResponse() {
    stage = Stage.REQUESTING;
    timers.startSingleTimer(RESPONSE_TIMER,
        new TimedOut(attemptId, "no response after " + millis(settings.responseTimeout())), settings.responseTimeout());
  }

  private Behavior<Command> send(String url) {
    current = url;
    HttpRequest request;
    try {
      request = HttpRequest.GET(url);
    } catch (RuntimeException badUri) {
      return finish(Outcome.ERROR, "unusable URL: " + FetchFailures.reason(badUri));
    }
    requestOpen = true;
    int sentBy = attemptId;
    getContext().pipeToSelf(DirectCompletion.of(http.singleRequest(request, http.defaultClientHttpsContext(), pool, httpLog)),
        (response, failure) -> failure == null ? new Responded(sentBy, response) : new RequestFailed(sentBy, failure));
    return this;
  }

  private Behavior<Command> onResponded(Responded responded) {
    requestOpen = false;
    HttpResponse response = responded.response();
    if (responded.attemptId() != attemptId || stage != Stage.REQUESTING) {
      // An answer to a request already given up on: read nothing, as Pekko HTTP requires of every entity.
      response.discardEntityBytes(materializer);
      return afterLateAnswer();
    }
    timers.cancel(RESPONSE_TIMER);
    firstByteMs = clock.millis();
    status = response.status().intValue();

    // Check redirects first: Pekko counts 3xx as "success".
    if (response.status().isRedirection()) {
      response.discardEntityBytes(materializer);
      return onRedirect(response);
    }
    if (status >= 200 && status < 300) return receive(response.entity());

    response.discardEntityBytes(materializer);
    if (status == 404) return finish(Outcome.NOT_FOUND, null);
    String error = "HTTP " + status + " " + response.status().reason();
    if (!FetchFailures.TRANSIENT_STATUSES.contains(status)) return finish(Outcome.ERROR, error);
    Duration retryAfter = response.getHeader("Retry-After").map(h -> RetryAfter.parse(h.value(), Instant.now())).orElse(null);
    return attemptFailed(error, retryAfter);
  }

  private Behavior<Command> onRedirect(HttpResponse response) {
    var location = response.getHeader("Location");
    if (location.isEmpty()) return finish(Outcome.ERROR, "HTTP " + status + " without a Location header");
    if (redirects >= settings.maxRedirects()) return finish(Outcome.ERROR, "more than " + settings.maxRedirects() + " redirects");
    redirects++;
    try {
      return send(URI.create(current).resolve(location.get().value().strip()).toString());
    } catch (IllegalArgumentException badLocation) {
      return finish(Outcome.ERROR, "HTTP " + status + " to an unusable Location: " + location.get().value());
    }
  }

  private Behavior<Command> onRequestFailed(RequestFailed failed) {
    requestOpen = false;
    if (failed.attemptId() != attemptId || stage != Stage.REQUESTING) return afterLateAnswer();
    return attemptFailed(FetchFailures.reason(failed.cause()), null);
  }

  /** Reads a 2xx body (see {@link BodyReader}); the answer comes back as a message, but for a body already whole. */
  private Behavior<Command> receive(ResponseEntity entity) {
    BodyReader.Start start = bodies.start(entity, item.fileName(), streamUnknownSize);
    stage = Stage.RECEIVING;
    if (start instanceof BodyReader.Refused refused) return finish(Outcome.ERROR, refused.error());
    if (start instanceof BodyReader.Whole whole) return onBodyRead(new BodyRead(attemptId, new BodyReader.InMemory(whole.bytes())));
    BodyReader.Reading reading = (BodyReader.Reading) start;
    bodyOpen = true;
    bodySwitch = reading.killSwitch();
    int receivedBy = attemptId;
    getContext().pipeToSelf(DirectCompletion.of(reading.body()), (body, failure) ->
        failure == null ? new BodyRead(receivedBy, body) : new BodyFailed(receivedBy, reading.temp(), failure));
    return this;
  }

  private Behavior<Command> onBodyRead(BodyRead read) {
    bodyOpen = false;
    if (read.attemptId() != attemptId || stage != Stage.RECEIVING) {
      if (read.body() instanceof BodyReader.OnDisk late) writer.tell(new DiskWriter.Discard(late.temp()));
      return afterLateAnswer();
    }
    bodyReceived();
    if (read.body() instanceof BodyReader.OnDisk onDisk) {
      return handOff(whenDone -> new DiskWriter.Commit(item.url(), item.fileName(), onDisk.temp(), onDisk.bytes(),
          onDisk.sha256(), whenDone));
    }
    ByteString bytes = ((BodyReader.InMemory) read.body()).bytes();
    return handOff(whenDone -> new DiskWriter.Write(item.url(), item.fileName(), bytes, whenDone));
  }

  /** The whole body is here: from now on only the disk can fail, and no timeout applies. */
  private void bodyReceived() {
    bodySwitch = null;
    bodyDoneMs = clock.millis();
    timers.cancel(REQUEST_TIMER);
    stage = Stage.WRITING;
  }

  private Behavior<Command> onBodyFailed(BodyFailed failed) {
    bodyOpen = false;
    // The stream has ended, so its partial file is closed and can go.
    if (failed.temp() != null) writer.tell(new DiskWriter.Discard(failed.temp()));
    if (failed.attemptId() != attemptId || stage != Stage.RECEIVING) return afterLateAnswer();
    bodySwitch = null;
    Throwable cause = FetchFailures.unwrap(failed.cause());
    BodyReader.Failure failure = BodyReader.failure(cause, failed.temp() != null);
    return switch (failure) {
      case TOO_LARGE, DISK -> finish(Outcome.ERROR, bodies.error(failure, cause));
      case TRANSIENT -> attemptFailed(bodies.error(failure, cause), null);
      case OUTGREW_MEMORY -> {
        // Not a failure: a body of unknown size is larger than stream-above. Ask again and stream it to disk this time.
        streamUnknownSize = true;
        awaitResponse();
        yield send(current);
      }
    };
  }

  /**
   * The body goes to the writer, and the writer sends the URL's result once the file is in place: the fetcher is free
   * for its next URL at once, as asyncio's client releases its semaphore before run_in_executor's write, and the next
   * request is under way while the file is written. At most one write of each fetcher waits at a time (a second body
   * waits here for the first write to end), so bodies held in memory stay bounded by max-in-flight.
   */
  private Behavior<Command> handOff(Function<Consumer<DiskWriter.Result>, DiskWriter.Command> order) {
    timers.cancelAll();
    UrlEnding ending = ending();
    ActorRef<ItemResult> results = replyTo;
    ActorRef<Command> self = getContext().getSelf();
    // Runs on the writer's thread: it touches nothing of this actor, only sends.
    DiskWriter.Command write = order.apply(result -> {
      results.tell(ending.written(result));
      self.tell(WriteEnded.INSTANCE);
    });
    if (writing) {
      waitingWrite = write;
      return this;
    }
    return startWrite(write);
  }

  private Behavior<Command> startWrite(DiskWriter.Command write) {
    writer.tell(write);
    writing = true;
    stage = Stage.DONE;
    retryDue = false;
    return freeWhenNothingOpen();
  }

  private Behavior<Command> onWriteEnded() {
    writing = false;
    if (waitingWrite == null) return retiring ? Behaviors.stopped() : this;
    DiskWriter.Command next = waitingWrite;
    waitingWrite = null;
    return startWrite(next);
  }

  private Behavior<Command> onRetire() {
    retiring = true;
    return writing ? this : Behaviors.stopped();
  }

  private Behavior<Command> onTimedOut(TimedOut timedOut) {
    if (timedOut.attemptId() != attemptId || (stage != Stage.REQUESTING && stage != Stage.RECEIVING)) return this;
    if (bodySwitch != null) bodySwitch.abort(new IllegalStateException(timedOut.reason()));
    bodySwitch = null;
    return attemptFailed(timedOut.reason(), null);
  }

  // --- retries ------------------------------------------------------------------------------------------------

  /** A transient failure: wait and try again while attempts are left, else the URL is an ERROR. */
  private Behavior<Command> attemptFailed(String error, Duration retryAfter) {
    timers.cancel(RESPONSE_TIMER);
    timers.cancel(REQUEST_TIMER);
    RetryDecision decision = RetryDecision.after(retry, attempt, error, retryAfter, noMoreRetries,
        ThreadLocalRandom.current().nextDouble());
    if (decision instanceof RetryDecision.GiveUp giveUp) return finish(giveUp.outcome(), giveUp.error());
    Duration wait = ((RetryDecision.Retry) decision).delay();
    attempts.add(new Attempt(attempt, attemptStartedMs, firstByteMs, clock.millis(), status, error, wait.toMillis()));
    stage = Stage.WAITING_TO_RETRY;
    timers.startSingleTimer(RETRY_TIMER, new RetryNow(attemptId), wait);
    return this;
  }

  private Behavior<Command> onRetryNow(RetryNow retryNow) {
    if (retryNow.attemptId() != attemptId || stage != Stage.WAITING_TO_RETRY) return this;
    // One request at a time: a given-up request still in the pool is waited for (see the class comment).
    if (requestOpen) {
      retryDue = true;
      return this;
    }
    return startAttempt();
  }

  /** A late answer to an attempt already given up on; it may be what a due retry or a finished URL waits for. */
  private Behavior<Command> afterLateAnswer() {
    if (retryDue && !requestOpen) {
      retryDue = false;
      return startAttempt();
    }
    return freeWhenNothingOpen();
  }

  private Behavior<Command> onNoMoreRetries() {
    noMoreRetries = true;
    if (stage != Stage.WAITING_TO_RETRY) return this;
    return finish(Outcome.CANCELLED, "cancelled while waiting to retry: " + attempts.get(attempts.size() - 1).error());
  }

  // --- the end ------------------------------------------------------------------------------------------------

  private Behavior<Command> onAbort() {
    if (stage == Stage.WRITING || stage == Stage.DONE || stage == Stage.IDLE) return this;
    String when = switch (stage) {
      case RECEIVING -> "cut off while receiving the body";
      case WAITING_TO_RETRY -> "cut off while waiting to retry";
      default -> "cut off while waiting for the response";
    };
    if (bodySwitch != null) bodySwitch.abort(new IllegalStateException("fetch of " + item.url() + " aborted"));
    bodySwitch = null;
    return finish(Outcome.CANCELLED, when);
  }

  /** The URL ends here without a file; a saved file's result is the writer's to send (see handOff). */
  private Behavior<Command> finish(Outcome outcome, String error) {
    timers.cancelAll();
    replyTo.tell(ending().ended(outcome, error));
    stage = Stage.DONE;
    retryDue = false;
    return freeWhenNothingOpen();
  }

  /** The URL as it ends now; its attempt under way ends with it, unless it ends while waiting to retry. */
  private UrlEnding ending() {
    UrlEnding.OpenAttempt open = stage == Stage.WAITING_TO_RETRY ? null
        : new UrlEnding.OpenAttempt(attempt, attemptStartedMs, firstByteMs, status);
    return new UrlEnding(item, status, startedMs, firstByteMs, bodyDoneMs, attempts, open, clock);
  }

  /** Free for the next URL once the result is sent and no request or body of this one is still open. */
  private Behavior<Command> freeWhenNothingOpen() {
    if (stage == Stage.DONE && !requestOpen && !bodyOpen) {
      stage = Stage.IDLE;
      free.tell(new Free(getContext().getSelf(), item));
    }
    return this;
  }

  private Behavior<Command> onPostStop() {
    // A body still streaming when the fetcher is stopped (its parent stopping) is cut off, not left running.
    if (bodySwitch != null) bodySwitch.abort(new IllegalStateException("fetcher for " + item.url() + " stopped"));
    return this;
  }

  private static String millis(Duration duration) {
    return Durations.words(duration);
  }
}
