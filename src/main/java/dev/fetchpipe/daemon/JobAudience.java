package dev.fetchpipe.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.metrics.JobMetrics;
import dev.fetchpipe.pipeline.JobEvent;
import dev.fetchpipe.pipeline.JobStatus;
import dev.fetchpipe.pipeline.Watcher;
import dev.fetchpipe.pipeline.WriterPool;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Who watches a daemon job, and what they see of it while it runs: its STATUS as the API shows it, its line in the
 * job list (the registry's), its event streams and its series in GET /metrics, all kept up to date from the
 * supervisor's events. Plain code, no actor of its own: its {@link DaemonJob} calls it from every stage, so the job's
 * stages are about the job and this about its audience.
 */
final class JobAudience {
  private final String id;
  private final String submittedAt;
  private final Supplier<WriterPool> writers;
  private final ActorRef<JobRegistry.Command> registry;
  private final Duration cancelGrace;
  /** The job's {@link RequestShown}, or null when not known. */
  private final ObjectNode request;
  /** fetch.tls.insecure: every status says so, as no certificate is checked. */
  private final boolean tlsInsecure;
  private final Subscribers subscribers = new Subscribers();
  /** The job's numbers since it started, for a page that subscribes late (its chart starts at the job's start). */
  private final JobSeries series = new JobSeries(Watcher.Pace.STATUS.every().toMillis());
  /** What the job's header shows, as the {@code start} event carries it; null until it started. */
  private ObjectNode start;
  /** How far the check of an earlier run's files was last, for a stream that subscribes during it; or null. */
  private ObjectNode checking;
  /** What the supervisor said last, in an event or an answer; null before it said anything. */
  private JobStatus last;
  /** The job's series in GET /metrics, from its start; null before it starts and for a job that ended earlier. */
  private JobMetrics metrics;

  /**
   * @param writers     the job's own writer pool, or null before its first write (or for a job that ended earlier)
   * @param cancelGrace the job's cancel.grace, which its status and cancel event say, or null when not known
   * @param tlsInsecure the job runs with fetch.tls.insecure on
   * @param request     what it sends besides its URLs, values hidden ({@link RequestShown}), or null when not known
   */
  JobAudience(String id, String submittedAt, Supplier<WriterPool> writers, ActorRef<JobRegistry.Command> registry,
      Duration cancelGrace, boolean tlsInsecure, ObjectNode request) {
    this.tlsInsecure = tlsInsecure;
    this.request = request;
    this.id = id;
    this.submittedAt = submittedAt;
    this.writers = writers;
    this.registry = registry;
    this.cancelGrace = cancelGrace;
  }

  /** The audience of {@code stored}, run with {@code settings} (null: a job that ended in an earlier life). */
  static JobAudience of(StoredJob stored, FetchpipeSettings settings, ActorSystem<?> system,
      ActorRef<JobRegistry.Command> registry) {
    if (settings == null) {
      return new JobAudience(stored.id(), stored.submittedAt(), () -> null, registry, null, false, null);
    }
    return new JobAudience(stored.id(), stored.submittedAt(),
        () -> WriterPool.of(system, settings.writer().dispatcher()).orElse(null), registry, settings.cancel().grace(),
        settings.fetch().net().insecure(), RequestShown.of(settings.fetch().request()));
  }

  /** The job's actors started: its series in GET /metrics are {@code metrics} from now on. */
  void started(JobMetrics jobMetrics) {
    this.metrics = jobMetrics;
  }

  /** The last status the supervisor told, or null before it told any. */
  JobStatus last() {
    return last;
  }

  /** {@code status} as the API shows it ({@code status} null: STARTING), with run's exit code once there is one. */
  ObjectNode json(JobStatus status, Integer exitCode) {
    ObjectNode json = StatusJson.of(id, submittedAt, status, exitCode, writers.get(), cancelGrace);
    json.put("tlsInsecure", tlsInsecure);
    if (request != null) json.set("request", request.deepCopy());
    return json;
  }

  ObjectNode json(JobStatus status) {
    return json(status, null);
  }

  /** The supervisor's first status, as it answered it just after its start: shown unless an event came first. */
  void firstStatus(JobStatus status) {
    if (status != null && last == null) progressed(status);
  }

  /** The stream of the connection the job belongs to (run's): every event but items and progress (see OwnerProgress). */
  void owner(ActorRef<JobFeed> stream) {
    subscribers.add(stream, false, false);
  }

  /**
   * How far the check of the files an earlier run saved is, before the job starts: streamed, and kept for late
   * streams; {@code first} runs before the first is streamed (the job's 201, which then says STARTING).
   */
  void checking(ObjectNode data, Runnable first) {
    boolean isFirst = checking == null;
    checking = data;
    if (isFirst) first.run();
    subscribers.send("checking", data);
  }

  /** Whether the job checked the files an earlier run saved (it was answered while still STARTING, then). */
  boolean checked() {
    return checking != null;
  }

  /** An event of the job's supervisor: kept, counted, listed and streamed. */
  void observe(JobEvent event) {
    if (event instanceof JobEvent.Started started) {
      // What run's header shows: a client that has it shows the header as run does, else from the first status.
      start = EventJson.start(started.job());
      subscribers.send("start", start);
      return;
    }
    metrics.observe(event);
    if (event instanceof JobEvent.Ended ended) {
      // Its "end" goes out once the end is recorded (see end): a client that then asks for the report gets it.
      last = ended.status();
      series.add(last, 0);
      return;
    }
    if (event instanceof JobEvent.Progress progress) {
      progressed(progress.status());
      series.add(progress.status(), StatusJson.busyThreads(writers.get()));
    }
    if (event instanceof JobEvent.ItemEnded && !subscribers.wantItems()) return;
    subscribers.send(EventJson.of(event, this::json, cancelGrace));
  }

  private void progressed(JobStatus status) {
    last = status;
    // A DONE job is listed once its end is recorded, with its exit code (see end).
    if (status.state() != JobStatus.State.DONE) registry.tell(new JobRegistry.StatusChanged(id, json(status)));
  }

  /**
   * A new event stream: the job's numbers so far, then its events from now on, the first at once (its header, when it
   * has started, and its status).
   */
  void subscribe(ActorRef<JobFeed> stream, boolean items) {
    catchUp(stream);
    subscribers.add(stream, items, true);
    if (start == null && checking != null) stream.tell(new JobFeed.Event("checking", checking));
    if (start != null) stream.tell(new JobFeed.Event("start", start));
    stream.tell(new JobFeed.Event("progress", json(last)));
  }

  /** A stream that subscribes late, even after the end, first gets the job's numbers since its start ({@link JobSeries}). */
  void catchUp(ActorRef<JobFeed> stream) {
    if (series.size() > 0) stream.tell(series.event());
  }

  /** A stream whose client went away. */
  void unsubscribe(ActorRef<JobFeed> stream) {
    subscribers.remove(stream);
  }

  /**
   * The job's end is recorded with {@code finalStatus}: listed as ended ({@code keeping}: its end is still being
   * written to the state dir), its series end, and every stream hears its end and closes.
   */
  void end(ObjectNode finalStatus, boolean keeping) {
    // A job whose supervisor failed sent no Ended: its series end here all the same.
    if (metrics != null) metrics.end();
    registry.tell(new JobRegistry.JobEnded(id, finalStatus, keeping));
    subscribers.end(finalStatus);
  }
}
