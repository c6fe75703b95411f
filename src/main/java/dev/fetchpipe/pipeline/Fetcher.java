package dev.fetchpipe.pipeline;

import dev.fetchpipe.config.FetchSettings;
import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.report.Timings;
import java.net.URI;
import java.util.concurrent.CompletionException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;

/**
 * Downloads one URL, then stops. The request goes through Pekko HTTP's asynchronous client and every answer comes
 * back as a message, so no thread ever waits on the network. A 2xx body is handed to the {@link DiskWriter}; 404 is
 * NOT_FOUND; anything else is ERROR with its reason. Every response entity is either read or discarded, as Pekko
 * HTTP requires. The one {@link ItemResult} goes to {@code replyTo}. {@link Abort} cuts it off.
 */
public final class Fetcher extends AbstractBehavior<Fetcher.Command> {

  public interface Command {}

  /**
   * Stop now: a body still streaming is cut off and the URL ends CANCELLED. A fetcher whose body is already with the
   * writer lets that write finish (it is short and atomic), so the file is either whole or absent, and reports it.
   */
  public enum Abort implements Command { INSTANCE }

  private record Responded(HttpResponse response) implements Command {}

  private record RequestFailed(Throwable cause) implements Command {}

  private record BodyReceived(ByteString body) implements Command {}

  private record BodyFailed(Throwable cause) implements Command {}

  private record WriteAnswered(DiskWriter.Result result) implements Command {}

  private enum TimedOut implements Command { INSTANCE }

  public static Behavior<Command> create(
      JobItem item,
      FetchSettings settings,
      ActorRef<DiskWriter.Command> writer,
      ActorRef<ItemResult> replyTo,
      JobClock clock) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers ->
        new Fetcher(context, timers, item, settings, writer, replyTo, clock).start()));
  }

  private final TimerScheduler<Command> timers;
  private final JobItem item;
  private final FetchSettings settings;
  private final ActorRef<DiskWriter.Command> writer;
  private final ActorRef<ItemResult> replyTo;
  private final JobClock clock;
  private final Http http;
  private final Materializer materializer;

  private final double startedMs;
  private Double firstByteMs;
  private Double bodyDoneMs;
  private Integer status;
  private URI current;
  private int redirects;
  /** Set while a body is streaming, so a stop can cut it off. */
  private UniqueKillSwitch bodySwitch;
  /** The body is with the writer: only its answer is awaited. */
  private boolean writing;

  private Fetcher(ActorContext<Command> context, TimerScheduler<Command> timers, JobItem item, FetchSettings settings,
      ActorRef<DiskWriter.Command> writer, ActorRef<ItemResult> replyTo, JobClock clock) {
    super(context);
    this.timers = timers;
    this.item = item;
    this.settings = settings;
    this.writer = writer;
    this.replyTo = replyTo;
    this.clock = clock;
    this.http = Http.get(context.getSystem());
    this.materializer = Materializer.matFromSystem(context.getSystem());
    this.startedMs = clock.millis();
  }

  private Behavior<Command> start() {
    timers.startSingleTimer(TimedOut.INSTANCE, settings.requestTimeout());
    return request(URI.create(item.url().strip()));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Responded.class, this::onResponded)
        .onMessage(RequestFailed.class, failed -> finishWithError(reason(failed.cause())))
        .onMessage(BodyReceived.class, this::onBodyReceived)
        .onMessage(BodyFailed.class, failed -> finishWithError("body failed: " + reason(failed.cause())))
        .onMessage(WriteAnswered.class, this::onWriteAnswered)
        .onMessageEquals(Abort.INSTANCE, this::onAbort)
        .onMessageEquals(TimedOut.INSTANCE, () -> finishWithError("timed out after " + settings.requestTimeout().toMillis() + " ms"))
        .onSignal(PostStop.class, signal -> onPostStop())
        .build();
  }

  private Behavior<Command> request(URI uri) {
    current = uri;
    HttpRequest request;
    try {
      request = HttpRequest.GET(uri.toString());
    } catch (RuntimeException badUri) {
      return finishWithError("unusable URL: " + reason(badUri));
    }
    getContext().pipeToSelf(http.singleRequest(request),
        (response, failure) -> failure == null ? new Responded(response) : new RequestFailed(failure));
    return this;
  }

  private Behavior<Command> onResponded(Responded responded) {
    HttpResponse response = responded.response();
    if (firstByteMs == null) firstByteMs = clock.millis();
    status = response.status().intValue();

    // Check redirects first: Pekko counts 3xx as "success".
    if (response.status().isRedirection()) {
      response.discardEntityBytes(materializer);
      return onRedirect(response);
    }
    if (status >= 200 && status < 300) {
      Pair<UniqueKillSwitch, java.util.concurrent.CompletionStage<ByteString>> body = response.entity().getDataBytes()
          .viaMat(KillSwitches.single(), Keep.right())
          .toMat(Sink.fold(ByteString.emptyByteString(), ByteString::concat), Keep.both())
          .run(materializer);
      bodySwitch = body.first();
      getContext().pipeToSelf(body.second(),
          (bytes, failure) -> failure == null ? new BodyReceived(bytes) : new BodyFailed(failure));
      return this;
    }

    response.discardEntityBytes(materializer);
    if (status == 404) return finish(Outcome.NOT_FOUND, null, null);
    return finishWithError("HTTP " + status + " " + response.status().reason());
  }

  private Behavior<Command> onRedirect(HttpResponse response) {
    var location = response.getHeader("Location");
    if (location.isEmpty()) return finishWithError("HTTP " + status + " without a Location header");
    if (redirects >= settings.maxRedirects()) return finishWithError("more than " + settings.maxRedirects() + " redirects");
    redirects++;
    try {
      return request(current.resolve(location.get().value().strip()));
    } catch (IllegalArgumentException badLocation) {
      return finishWithError("HTTP " + status + " to an unusable Location: " + location.get().value());
    }
  }

  private Behavior<Command> onBodyReceived(BodyReceived received) {
    bodySwitch = null;
    bodyDoneMs = clock.millis();
    // The body is all here: from now on only the disk can fail, and the timeout no longer applies.
    timers.cancel(TimedOut.INSTANCE);
    ActorRef<DiskWriter.Result> answers = getContext().messageAdapter(DiskWriter.Result.class, WriteAnswered::new);
    writer.tell(new DiskWriter.Write(item.fileName(), received.body(), answers));
    writing = true;
    return this;
  }

  private Behavior<Command> onWriteAnswered(WriteAnswered answered) {
    if (answered.result() instanceof DiskWriter.Written written) {
      return finish(Outcome.OK, written, null);
    }
    return finishWithError("write failed: " + ((DiskWriter.WriteFailed) answered.result()).reason());
  }

  private Behavior<Command> onAbort() {
    if (writing) return this;
    String stage = bodySwitch != null ? "cut off while receiving the body" : "cut off while waiting for the response";
    // PostStop aborts the body stream.
    return finish(Outcome.CANCELLED, null, stage);
  }

  private Behavior<Command> finishWithError(String error) {
    return finish(Outcome.ERROR, null, error);
  }

  private Behavior<Command> finish(Outcome outcome, DiskWriter.Written written, String error) {
    Timings timings = new Timings(JobClock.QUEUED_MS, startedMs, firstByteMs, bodyDoneMs, clock.millis());
    replyTo.tell(new ItemResult(item.index(), item.url(), outcome, status,
        written == null ? 0 : written.bytes(),
        written == null ? null : written.sha256(),
        written == null ? null : written.path().toString(),
        error,
        written == null ? null : written.thread(),
        timings, java.util.List.of(), null));
    return Behaviors.stopped();
  }

  private Behavior<Command> onPostStop() {
    // A body still streaming when the fetcher stops (timeout, or its parent stopping) is cut off, not left running.
    if (bodySwitch != null) bodySwitch.abort(new IllegalStateException("fetcher for " + item.url() + " stopped"));
    return this;
  }

  /** One line: the innermost useful message of a failure. */
  static String reason(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) cause = cause.getCause();
    String message = cause.getMessage();
    String text = cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    return text.replaceAll("\\s+", " ").strip();
  }
}
