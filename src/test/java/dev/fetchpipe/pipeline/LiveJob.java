package dev.fetchpipe.pipeline;

import static dev.fetchpipe.testing.Eventually.eventually;

import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.report.JobReport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A job run the daemon's way, for tests: its supervisor a child of a long-lived test system, every {@link JobEvent}
 * collected in order, its status and report asked for while it runs.
 */
final class LiveJob implements AutoCloseable {
  private static final Duration ASK = Duration.ofSeconds(10);

  private final ActorTestKit testKit;
  private final PreparedJob job;
  final ActorRef<PipelineSupervisor.Command> supervisor;
  final CompletableFuture<JobReport> report = new CompletableFuture<>();
  final ConcurrentLinkedQueue<JobEvent> events = new ConcurrentLinkedQueue<>();

  LiveJob(ActorTestKit testKit, FetchpipeSettings settings) {
    this.testKit = testKit;
    this.job = PreparedJob.open(settings, null);
    ActorRef<JobEvent> collector = testKit.spawn(Behaviors.receiveMessage(event -> {
      events.add(event);
      return Behaviors.same();
    }));
    this.supervisor = testKit.spawn(PipelineSupervisor.create(job, report, true, List.of(Watcher.ofStatus(collector)),
        Crew.local()));
  }

  JobStatus status() {
    TestProbe<JobStatus> probe = testKit.createTestProbe(JobStatus.class);
    supervisor.tell(new PipelineSupervisor.GetStatus(probe.ref()));
    return probe.receiveMessage(ASK);
  }

  JobReport reportSoFar() {
    TestProbe<JobReport> probe = testKit.createTestProbe(JobReport.class);
    supervisor.tell(new PipelineSupervisor.GetReport(probe.ref()));
    return probe.receiveMessage(ASK);
  }

  JobStatus resize(Integer maxInFlight, Integer maxPerHost, Integer writerThreads) {
    return resize(maxInFlight, maxPerHost, writerThreads, null, null);
  }

  JobStatus resize(Integer maxInFlight, Integer maxPerHost, Integer writerThreads, Long bytesPerSecond,
      Long bytesPerSecondPerUrl) {
    return resize(new LimitOrder(maxInFlight, maxPerHost, writerThreads, bytesPerSecond, bytesPerSecondPerUrl, null,
        null));
  }

  JobStatus resize(LimitOrder order) {
    TestProbe<JobStatus> probe = testKit.createTestProbe(JobStatus.class);
    supervisor.tell(new PipelineSupervisor.Resize(order, probe.ref()));
    return probe.receiveMessage(ASK);
  }

  /** Waits for the report, then for the supervisor to stop, as the daemon must before it closes the job. */
  JobReport awaitEnd() throws Exception {
    JobReport finished = report.get(120, TimeUnit.SECONDS);
    testKit.createTestProbe().expectTerminated(supervisor, ASK);
    await("the Ended event", () -> !events(JobEvent.Ended.class).isEmpty());
    return finished;
  }

  <T extends JobEvent> List<T> events(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Waits until the condition holds, failing with {@code what} after a minute. */
  static void await(String what, BooleanSupplier condition) {
    try {
      eventually(Duration.ofMinutes(1), what, condition::getAsBoolean);
    } catch (Exception e) {
      throw new AssertionError("interrupted waiting: " + what, e);
    }
  }

  @Override
  public void close() {
    job.close();
  }
}
