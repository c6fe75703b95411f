package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.console.ProgressStyle;
import dev.fetchpipe.job.OutputDir;
import dev.fetchpipe.journal.Journal;
import dev.fetchpipe.report.Attempt;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.testing.LoopbackOrigin;
import dev.fetchpipe.testing.OutputFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bodies cut off part-way and continued with Range, whole jobs against the origin's ranged fault (which counts the
 * body bytes it sends): in the same run (the retry) and in the next one; and every answer that must start over.
 */
class PartialBodyJobTest {
  @RegisterExtension
  static final LoopbackOrigin ORIGIN = new LoopbackOrigin();

  private static final int SIZE = 2_000_000;
  private static final int CUT = 700_000;

  @BeforeEach
  void freshCounts() {
    ORIGIN.get().resetCounters();
  }

  private static JobReport run(Path out, String pathAndQuery, String... sets) {
    List<String> all = new ArrayList<>(List.of("fetch.retry.min-backoff=10ms", "fetch.retry.max-backoff=50ms",
        "writer.stream-above=64KiB"));
    all.addAll(List.of(sets));
    return TestJobs.run(TestJobs.settings(out, List.of(ORIGIN.get().url(pathAndQuery)), all.toArray(String[]::new)),
        ProgressStyle.OFF).report();
  }

  private static long bytesSent() {
    return ORIGIN.get().clientBytes("127.0.0.1");
  }

  private static void assertWhole(Path out, String name, int size) throws Exception {
    assertArrayEquals(TestJobs.independentGet(ORIGIN.get().url("/bytes/" + size)), Files.readAllBytes(out.resolve(name)),
        "the file is byte for byte the body");
    assertEquals(List.of(name), OutputFiles.payload(out), "no temporary or partial file is left");
  }

  /** The cut body's retry got a 200 and started over: nothing kept, the file whole. */
  private static void assertFetchedWholeAgain(ItemResult item, Path out) throws Exception {
    assertEquals(Outcome.OK, item.outcome(), item.error());
    assertEquals(List.of(200, 200), item.attempts().stream().map(Attempt::status).toList());
    assertEquals(0, item.resumedBytes());
    assertWhole(out, SIZE + "", SIZE);
  }

  @Test
  void aBodyCutOffIsContinuedByItsRetryWhichGetsOnlyTheMissingBytes(@TempDir Path out) throws Exception {
    ItemResult item = run(out, "/fault/ranged/retry/" + SIZE + "?cut=" + CUT).items().get(0);

    assertEquals(Outcome.OK, item.outcome(), item.error());
    assertEquals(List.of(200, 206), item.attempts().stream().map(Attempt::status).toList());
    assertTrue(item.resumedBytes() > 0 && item.resumedBytes() <= CUT, "resumed " + item.resumedBytes());
    // The origin sent the first CUT bytes, then exactly what the client did not keep.
    assertEquals(CUT + SIZE - item.resumedBytes(), bytesSent());
    assertEquals(SIZE, item.bytes());
    assertEquals(JobRunnerTest.sha256(TestJobs.independentGet(ORIGIN.get().url("/bytes/" + SIZE))), item.sha256(),
        "the SHA-256 covers the whole file, the kept part too");
    assertWhole(out, SIZE + "", SIZE);
  }

  @Test
  void aBodyThatStalledIsGivenUpOnAndItsRetryContinuesIt(@TempDir Path out) throws Exception {
    ItemResult item = run(out, "/fault/ranged/stall/" + SIZE + "?cut=" + CUT + "&stall=1", "fetch.idle-timeout=300ms")
        .items().get(0);

    assertEquals(Outcome.OK, item.outcome(), item.error());
    assertTrue(item.attempts().get(0).error().startsWith("body stalled"), item.attempts().get(0).error());
    assertEquals(List.of(200, 206), item.attempts().stream().map(Attempt::status).toList());
    assertTrue(item.resumedBytes() > 0 && item.resumedBytes() <= CUT, "resumed " + item.resumedBytes());
    assertEquals(CUT + SIZE - item.resumedBytes(), bytesSent());
    assertWhole(out, SIZE + "", SIZE);
  }

  @Test
  void aBodyCutOffTwiceIsContinuedTwice(@TempDir Path out) throws Exception {
    ItemResult item = run(out, "/fault/ranged/twice/" + SIZE + "?cut=" + CUT + "&cuts=2").items().get(0);

    assertEquals(Outcome.OK, item.outcome(), item.error());
    assertEquals(List.of(200, 206, 206), item.attempts().stream().map(Attempt::status).toList());
    assertTrue(bytesSent() < SIZE + CUT, "sent " + bytesSent() + ": nothing sent twice but what was in flight at a cut");
    assertWhole(out, SIZE + "", SIZE);
  }

  @Test
  void theNextRunContinuesWhatARunThatGaveUpKept(@TempDir Path out) throws Exception {
    ItemResult first = run(out, "/fault/ranged/later/" + SIZE + "?cut=" + CUT, "fetch.retry.max-attempts=1")
        .items().get(0);
    assertEquals(Outcome.ERROR, first.outcome());
    Path partial = OutputDir.partialFile(out, SIZE + "");
    long kept = Files.size(partial);
    assertTrue(kept > 0 && kept <= CUT, "kept " + kept);
    assertTrue(Files.readString(out.resolve(Journal.FILE_NAME)).contains("\"partial\":\"cut\""));
    long sentBefore = bytesSent();

    ItemResult second = run(out, "/fault/ranged/later/" + SIZE + "?cut=" + CUT).items().get(0);

    assertEquals(Outcome.OK, second.outcome(), second.error());
    assertEquals(kept, second.resumedBytes());
    assertEquals(List.of(206), second.attempts().stream().map(Attempt::status).toList());
    assertEquals(SIZE - kept, bytesSent() - sentBefore, "the rerun fetched only what was missing");
    assertWhole(out, SIZE + "", SIZE);
  }

  @Test
  void aBodyChangedSinceItWasCutIsFetchedWholeAgain(@TempDir Path out) throws Exception {
    ItemResult item = run(out, "/fault/ranged/changed/" + SIZE + "?cut=" + CUT + "&change=1").items().get(0);

    assertFetchedWholeAgain(item, out); // If-Range did not match
  }

  @Test
  void aBodyWithALastModifiedDateOnlyIsContinuedToo(@TempDir Path out) throws Exception {
    ItemResult item = run(out, "/fault/ranged/dated/" + SIZE + "?cut=" + CUT + "&validator=date").items().get(0);

    assertEquals(Outcome.OK, item.outcome(), item.error());
    assertTrue(item.resumedBytes() > 0);
    assertWhole(out, SIZE + "", SIZE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"weak", "none"})
  void aBodyWithoutAStrongValidatorIsNotKeptButFetchedWhole(String validator, @TempDir Path out) throws Exception {
    ItemResult item = run(out, "/fault/ranged/" + validator + "/" + SIZE + "?cut=" + CUT + "&validator=" + validator)
        .items().get(0);

    assertEquals(CUT + SIZE, bytesSent()); // before the check's own GET of the body
    assertFetchedWholeAgain(item, out);
  }

  @Test
  void aServerThatIgnoresTheRangeStartsTheBodyOverCleanly(@TempDir Path out) throws Exception {
    ItemResult item = run(out, "/fault/ranged/ignore/" + SIZE + "?cut=" + CUT + "&range=ignore").items().get(0);

    assertFetchedWholeAgain(item, out);
  }

  @ParameterizedTest
  @ValueSource(strings = {"shift", "total", "gzip"})
  void a206ThatIsNotExactlyTheRestIsRefusedAndTheBodyAskedForWhole(String hostile, @TempDir Path out) throws Exception {
    ItemResult item = run(out, "/fault/ranged/" + hostile + "/" + SIZE + "?cut=" + CUT + "&range=" + hostile)
        .items().get(0);

    // The 206 is dropped unread and the same attempt asks again without a range: a 200, the whole body.
    assertFetchedWholeAgain(item, out);
  }

  @Test
  void aKeptPartLongerOrShorterThanTheJournalSaysIsNotTrusted(@TempDir Path out) throws Exception {
    run(out, "/fault/ranged/tampered/" + SIZE + "?cut=" + CUT, "fetch.retry.max-attempts=1");
    Path partial = OutputDir.partialFile(out, SIZE + "");
    Files.write(partial, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
    long sentBefore = bytesSent();

    ItemResult item = run(out, "/fault/ranged/tampered/" + SIZE + "?cut=" + CUT).items().get(0);

    assertEquals(Outcome.OK, item.outcome(), item.error());
    assertEquals(0, item.resumedBytes());
    assertEquals(SIZE, bytesSent() - sentBefore, "fetched whole");
    assertWhole(out, SIZE + "", SIZE);
  }

  @Test
  void withResumePartialOffACutBodyIsNotKept(@TempDir Path out) throws Exception {
    run(out, "/fault/ranged/off/" + SIZE + "?cut=" + CUT, "fetch.retry.max-attempts=1", "job.resume-partial=off");

    assertFalse(Files.exists(OutputDir.partialFile(out, SIZE + "")));
    assertEquals(List.of(), OutputFiles.payload(out));
  }

  @Test
  void aKeptPartAndItsRestTogetherLargerThanMaxBodySizeAreRefused(@TempDir Path out) {
    run(out, "/fault/ranged/large/" + SIZE + "?cut=" + CUT, "fetch.retry.max-attempts=1");

    ItemResult item = run(out, "/fault/ranged/large/" + SIZE + "?cut=" + CUT, "fetch.max-body-size=1500000")
        .items().get(0);

    assertEquals(Outcome.ERROR, item.outcome());
    assertEquals("body larger than fetch.max-body-size (1500000 bytes): Content-Length is " + SIZE, item.error());
    assertFalse(Files.exists(out.resolve(SIZE + "")));
  }
}
