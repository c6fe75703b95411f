package dev.fetchpipe.daemon;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;

import dev.fetchpipe.config.ProgressSettings;
import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.console.ProgressStyle;
import dev.fetchpipe.pipeline.Watcher;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorSource;
import org.apache.pekko.util.ByteString;

/**
 * The routes that answer with a job's events as Server-Sent Events: a job's event stream, and {@code run}'s job, whose
 * stream is its request's answer. Each stream is counted in {@link EventStreams} while it is open.
 */
final class EventRoutes {
  /** run's job may wait for a killed run's job in its output dir to be aborted, and for its own journal to be read. */
  private static final Duration ATTACH_TIMEOUT = Duration.ofMinutes(2);
  /** A comment line on a quiet stream now and then, so no proxy or client takes it for dead. */
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(10);
  /**
   * The same, often, on the stream of a job that belongs to its connection (run's). run's client resets its connection
   * when it goes, even killed (the daemon then notices at once); a connection closed plainly the daemon notices only
   * when a write to it fails, a write or two later: these writes bound that to about a second.
   */
  private static final Duration OWNER_KEEP_ALIVE = Duration.ofMillis(500);

  private final ActorSystem<JobRegistry.Command> system;
  private final EventStreams streams;
  private final int eventBuffer;

  EventRoutes(ActorSystem<JobRegistry.Command> system, EventStreams streams, int eventBuffer) {
    this.system = system;
    this.streams = streams;
    this.eventBuffer = eventBuffer;
  }

  /**
   * {@code POST /api/jobs?attach=true}: {@code run}'s job, which belongs to this request. The answer is the job's event
   * stream, opened by a {@code created} event (the 201's body), with {@code start} and {@code progress} at the pace
   * its console draws ({@code terminal}: whether auto means the spinner); when the connection closes before the
   * {@code end}, the job is aborted. A job refused is answered as any submit is. The stream counts against
   * daemon.max-event-streams.
   */
  Route attached(JobIntake.Submission submission, Map<String, String> query) {
    boolean terminal = DaemonRoutes.flag("terminal", query.get("terminal"));
    ProgressSettings progress = submission.job().settings().progress();
    Duration every = ProgressStyle.of(progress.style().name(), terminal)
        .interval(progress.spinnerInterval(), progress.plainInterval());
    StoredJob.ClientRun run = new StoredJob.ClientRun(query.get("outputDirAsGiven"));
    // Its job has no id yet: the stream is counted as one of its own.
    String counted = "run-" + java.util.UUID.randomUUID();
    String refused = streams.open(counted);
    if (refused != null) return DaemonRoutes.json(ApiReply.error(429, refused));
    var feed = feed(counted);
    JobOwner owner = new JobOwner(feed.first(), every == null ? Watcher.Pace.NONE : Watcher.Pace.display(every));
    CompletionStage<ApiReply> answer = AskPattern.ask(system, replyTo -> new JobRegistry.Submit(submission.job(),
        submission.report(), submission.timeline(), run, owner, replyTo), ATTACH_TIMEOUT, system.scheduler());
    return onSuccess(answer, reply -> {
      if (reply.status() != 201) {
        feed.first().tell(JobFeed.End.INSTANCE);
        return DaemonRoutes.json(reply);
      }
      String created = new String(DaemonRoutes.json(reply.body()), java.nio.charset.StandardCharsets.UTF_8);
      Source<ByteString, NotUsed> events = Source.single(JobFeed.Event.frame("created", created))
          .concat(frames(feed.second()))
          .keepAlive(OWNER_KEEP_ALIVE, () -> JobFeed.Event.HEARTBEAT);
      return complete(stream(StatusCodes.CREATED, events));
    });
  }

  /**
   * The job's events as Server-Sent Events, within daemon.max-event-streams (429 past it). A reader more than
   * daemon.event-buffer events behind is dropped (its stream ends), so a stalled one holds no more than that.
   */
  Route events(String id, ActorRef<DaemonJob.Command> job, Optional<String> items) {
    {
      boolean withItems = itemsWanted(items);
      String refused = streams.open(id);
      if (refused != null) return DaemonRoutes.json(ApiReply.error(429, refused));
      var feed = feed(id);
      job.tell(new DaemonJob.Subscribe(feed.first(), withItems));
      Source<ByteString, NotUsed> events = frames(feed.second()).keepAlive(KEEP_ALIVE, () -> JobFeed.Event.HEARTBEAT);
      return complete(stream(StatusCodes.OK, events));
    }
  }

  /** The events' frames, each made once for all the job's streams ({@link JobFeed.Event#frame}). */
  private static Source<ByteString, NotUsed> frames(Source<JobFeed, NotUsed> feed) {
    return feed.collectType(JobFeed.Event.class).map(JobFeed.Event::frame);
  }

  /** An event stream's response: its frames as they come, each its own chunk (as Pekko's SSE marshaller sends them). */
  private static HttpResponse stream(StatusCode status, Source<ByteString, NotUsed> frames) {
    return HttpResponse.create().withStatus(status)
        .withEntity(HttpEntities.createChunked(MediaTypes.TEXT_EVENT_STREAM.toContentType(), frames));
  }

  /**
   * A job's events for one stream, counted (as {@code counted} in {@link EventStreams}) until the stream ends, whichever
   * way: its end, its reader gone, or a response never sent (a stream no one reads is cancelled after Pekko's
   * subscription timeout). While it is open a daemon run started does not stop for being idle.
   */
  private Pair<ActorRef<JobFeed>, Source<JobFeed, NotUsed>> feed(String counted) {
    return ActorSource.<JobFeed>actorRef(item -> item == JobFeed.End.INSTANCE, item -> Optional.empty(),
            eventBuffer, OverflowStrategy.fail())
        .watchTermination((ref, done) -> {
          system.tell(new JobRegistry.Seen(IdleWatch.Activity.STREAM_OPENED));
          done.whenComplete((ignored, failure) -> {
            streams.closed(counted);
            system.tell(new JobRegistry.Seen(IdleWatch.Activity.STREAM_CLOSED));
          });
          return ref;
        })
        .preMaterialize(system);
  }

  /**
   * {@code ?items=all} (the default) or {@code none}: a client that shows only progress and the summary (the end
   * event carries the summary's failures) takes no item event per URL, which the daemon then does not even make.
   */
  private static boolean itemsWanted(Optional<String> items) {
    String value = items.orElse("all");
    if (value.equals("all")) return true;
    if (value.equals("none")) return false;
    throw new SettingsException("items", "must be all or none, got \"" + value + "\"");
  }

}
