package dev.fetchpipe.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fetchpipe.metrics.FetchpipeMetrics;
import dev.fetchpipe.pipeline.JobEvent;
import dev.fetchpipe.pipeline.JobLimits;
import dev.fetchpipe.pipeline.JobStatus;
import dev.fetchpipe.report.AnItem;
import dev.fetchpipe.report.Counts;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.report.Timings;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** What the job list, the event streams and the metrics see of a running daemon job, from its supervisor's events. */
class JobAudienceTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final Duration QUIET = Duration.ofMillis(200);

  @AfterAll
  static void down() {
    KIT.shutdownTestKit();
  }

  private final TestProbe<JobRegistry.Command> registry = KIT.createTestProbe();
  private final JobAudience audience = new JobAudience("j1", "2026-01-01T00:00:00Z", () -> null, registry.getRef(), null, false,
      null);

  private static JobStatus status(JobStatus.State state, int done) {
    return new JobStatus(state, "site", "out", 10, new Counts(done, 0, 0, 0, 0, 0, 0), 0, 0, 10 - done, 0, 0, 0,
        new JobLimits(4, 4, 2), null);
  }

  private static ItemResult item() {
    return AnItem.of(0, "http://h/a", Outcome.OK).status(200).bytes(1).timings(new Timings(0.0, 0.0, null, null, 1.0))
        .build();
  }

  private void start() {
    audience.started(new FetchpipeMetrics(5).job("j1", Optional::empty));
  }

  @Test
  void beforeItsFirstStatusAJobIsStartingAndThenAsItsSupervisorSaid() {
    assertEquals("STARTING", audience.json(null).get("state").asText());
    start();
    audience.firstStatus(status(JobStatus.State.RUNNING, 2));
    JobRegistry.StatusChanged listed = registry.expectMessageClass(JobRegistry.StatusChanged.class);
    assertEquals(2, listed.status().get("done").asInt());
    assertEquals("j1", listed.status().get("id").asText());

    audience.firstStatus(status(JobStatus.State.RUNNING, 1));
    registry.expectNoMessage(QUIET);
    assertEquals(2, audience.last().done(), "an answer never goes back behind what was already shown");
  }

  @Test
  void progressIsListedAndStreamedButDoneIsListedOnlyOnceTheEndIsRecorded() {
    start();
    TestProbe<JobFeed> stream = KIT.createTestProbe();
    audience.subscribe(stream.getRef(), false);
    assertEquals("STARTING", ((JobFeed.Event) stream.receiveMessage()).data().get("state").asText());

    audience.observe(new JobEvent.Progress(status(JobStatus.State.RUNNING, 3), 0));
    registry.expectMessageClass(JobRegistry.StatusChanged.class);
    assertEquals("progress", ((JobFeed.Event) stream.receiveMessage()).type());

    audience.observe(new JobEvent.Progress(status(JobStatus.State.DONE, 10), 0));
    registry.expectNoMessage(QUIET);
    stream.receiveMessage();

    ObjectNode done = Json.MAPPER.createObjectNode().put("state", "DONE").put("exitCode", 0);
    audience.end(done, true);
    JobRegistry.JobEnded ended = registry.expectMessageClass(JobRegistry.JobEnded.class);
    assertEquals(done, ended.status());
    assertEquals(true, ended.keeping());
    assertEquals("end", ((JobFeed.Event) stream.receiveMessage()).type());
    stream.expectMessage(JobFeed.End.INSTANCE);
  }

  @Test
  void itemEventsGoOnlyToStreamsThatAskedForThem() {
    start();
    TestProbe<JobFeed> items = KIT.createTestProbe();
    TestProbe<JobFeed> progressOnly = KIT.createTestProbe();
    audience.subscribe(items.getRef(), true);
    audience.subscribe(progressOnly.getRef(), false);
    items.receiveMessage();
    progressOnly.receiveMessage();

    audience.observe(new JobEvent.ItemEnded(item()));
    assertEquals("item", ((JobFeed.Event) items.receiveMessage()).type());
    progressOnly.expectNoMessage(QUIET);

    audience.unsubscribe(items.getRef());
    audience.observe(new JobEvent.ItemEnded(item()));
    items.expectNoMessage(QUIET);
  }

  @Test
  void theEndedEventKeepsItsStatusButTellsNobodyUntilTheEndIsRecorded() {
    start();
    TestProbe<JobFeed> stream = KIT.createTestProbe();
    audience.subscribe(stream.getRef(), true);
    stream.receiveMessage();
    audience.observe(new JobEvent.Ended(status(JobStatus.State.DONE, 10), null));
    assertEquals(JobStatus.State.DONE, audience.last().state());
    stream.expectNoMessage(QUIET);
    registry.expectNoMessage(Duration.ZERO);
    assertFalse(audience.json(audience.last(), 0).get("exitCode").isNull());
  }
}
