package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.testing.LoopbackOrigin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fetcher hands each body to the writer and takes its next URL while the file is written; the writer sends the URL's
 * result. Probes stand in for the writer and the supervisor, so the test decides when each write ends.
 */
class FetcherHandOffTest {
  @RegisterExtension
  static final LoopbackOrigin ORIGIN = new LoopbackOrigin();

  private static final ActorTestKit KIT = ActorTestKit.create();
  /** Far longer than a loopback answer takes: what has not happened by then waits for something. */
  private static final Duration SETTLED = Duration.ofMillis(700);

  @AfterAll
  static void down() {
    KIT.shutdownTestKit();
  }

  private final TestProbe<DiskWriter.Command> writer = KIT.createTestProbe();
  private final TestProbe<ItemResult> results = KIT.createTestProbe();
  private final TestProbe<Fetcher.Free> free = KIT.createTestProbe();

  @Test
  void isFreeForItsNextUrlBeforeItsBodyIsWrittenAndTheWriterSendsTheResult(@TempDir Path out) {
    ActorRef<Fetcher.Command> fetcher = fetcherWritingTo(out);
    JobItem first = item(0, "/bytes/100", "first.bin");

    fetcher.tell(new Fetcher.Fetch(first, null, null));
    DiskWriter.Write write = writer.expectMessageClass(DiskWriter.Write.class);
    assertEquals(100, write.body().size());
    assertEquals(first, free.expectMessageClass(Fetcher.Free.class).item(), "free while its file is not written yet");
    results.expectNoMessage(SETTLED);

    write.whenDone().accept(new DiskWriter.Written(out.resolve("first.bin"), 100, "abc", "fetchpipe-writer-1"));
    ItemResult result = results.receiveMessage();
    assertEquals(Outcome.OK, result.outcome());
    assertEquals(100, result.bytes());
    assertEquals("fetchpipe-writer-1", result.writerThread());
    assertEquals(1, result.attempts().size());
    assertNull(result.attempts().get(0).error());
  }

  @Test
  void aSecondBodyWaitsForTheFirstWriteSoAtMostOneWriteOfAFetcherIsPending(@TempDir Path out) {
    ActorRef<Fetcher.Command> fetcher = fetcherWritingTo(out);
    JobItem first = item(0, "/bytes/100", "first.bin");
    JobItem second = item(1, "/bytes/200", "second.bin");

    fetcher.tell(new Fetcher.Fetch(first, null, null));
    DiskWriter.Write firstWrite = writer.expectMessageClass(DiskWriter.Write.class);
    free.expectMessageClass(Fetcher.Free.class);
    fetcher.tell(new Fetcher.Fetch(second, null, null));
    writer.expectNoMessage(SETTLED);
    free.expectNoMessage(Duration.ZERO);

    firstWrite.whenDone().accept(new DiskWriter.WriteFailed("first.bin", "No space left on device"));
    ItemResult failed = results.receiveMessage();
    assertEquals(Outcome.ERROR, failed.outcome());
    assertEquals("write failed: No space left on device", failed.error());
    assertEquals("write failed: No space left on device", failed.attempts().get(0).error());

    DiskWriter.Write secondWrite = writer.expectMessageClass(DiskWriter.Write.class);
    assertEquals(200, secondWrite.body().size());
    assertEquals(second, free.expectMessageClass(Fetcher.Free.class).item());
  }

  @Test
  void aRetiredFetcherStopsOnlyOnceItsLastWriteHasEndedSoItsResultGoesOutFirst(@TempDir Path out) {
    ActorRef<Fetcher.Command> fetcher = fetcherWritingTo(out);
    TestProbe<Void> watcher = KIT.createTestProbe();
    fetcher.tell(new Fetcher.Fetch(item(0, "/bytes/100", "first.bin"), null, null));
    DiskWriter.Write write = writer.expectMessageClass(DiskWriter.Write.class);
    free.expectMessageClass(Fetcher.Free.class);

    fetcher.tell(Fetcher.Retire.INSTANCE);
    assertThrows(AssertionError.class, () -> watcher.expectTerminated(fetcher, SETTLED),
        "alive while its body is with the writer");

    write.whenDone().accept(new DiskWriter.Written(out.resolve("first.bin"), 100, "abc", "fetchpipe-writer-1"));
    assertEquals(Outcome.OK, results.receiveMessage().outcome());
    watcher.expectTerminated(fetcher, SETTLED);
  }

  @Test
  void aRetiredFetcherWithNoWritePendingStopsAtOnce(@TempDir Path out) {
    ActorRef<Fetcher.Command> fetcher = fetcherWritingTo(out);
    TestProbe<Void> watcher = KIT.createTestProbe();
    fetcher.tell(Fetcher.Retire.INSTANCE);
    watcher.expectTerminated(fetcher, SETTLED);
  }

  @Test
  void aUrlHandedToAFetcherAfterTheCancelReachedItEndsSkippedWithoutARequest(@TempDir Path out) {
    ActorRef<Fetcher.Command> fetcher = fetcherWritingTo(out);
    JobItem next = item(0, "/bytes/321", "next.bin");
    fetcher.tell(Fetcher.NoMoreRetries.INSTANCE);
    fetcher.tell(new Fetcher.Fetch(next, null, null));

    ItemResult skipped = results.receiveMessage();
    assertEquals(Outcome.SKIPPED, skipped.outcome());
    assertEquals("never started: the job was cancelled", skipped.error());
    assertNull(skipped.timings().startedMs(), "no request started");
    assertEquals(List.of(), skipped.attempts());
    assertEquals(next, free.expectMessageClass(Fetcher.Free.class).item(), "free for what comes next");
    assertEquals(0, ORIGIN.get().requestCount("/bytes/321"));
    writer.expectNoMessage(Duration.ZERO);
  }

  private ActorRef<Fetcher.Command> fetcherWritingTo(Path out) {
    FetchpipeSettings settings = TestJobs.settings(out, List.of(ORIGIN.get().url("/bytes/1")));
    return KIT.spawn(Fetcher.create(settings, settings.connectionPool(), writer.getRef(), results.getRef(), free.getRef(),
        JobClock.startNow(), new FetchGauges(), CookieJar.of(List.of())));
  }

  private static JobItem item(int index, String path, String fileName) {
    return new JobItem(index, ORIGIN.get().url(path), fileName, null);
  }
}
