package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.console.ProgressStyle;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.testing.LoopbackOrigin;
import dev.fetchpipe.testing.OutputFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Bodies are saved whole, in memory or streamed to disk, and never beyond max-body-size. */
class BodyTest {
  @RegisterExtension
  static final LoopbackOrigin ORIGIN = new LoopbackOrigin();

  private JobReport run(Path out, List<String> urls, String... sets) {
    return TestJobs.run(TestJobs.settings(out, urls, sets), ProgressStyle.OFF).report();
  }

  @Test
  void largeBodiesStreamToATemporaryFileAndArriveByteExact(@TempDir Path out) throws Exception {
    List<String> urls = List.of(ORIGIN.get().baseUrl() + "/bytes/3000000", ORIGIN.get().baseUrl() + "/bytes/100");

    JobReport report = run(out, urls, "writer.stream-above=64KiB");

    assertEquals(2, report.counts().ok());
    for (ItemResult item : report.items()) {
      byte[] served = TestJobs.independentGet(item.url());
      byte[] saved = Files.readAllBytes(Path.of(item.path()));
      assertArrayEquals(served, saved, item.url());
      assertEquals(JobRunnerTest.sha256(served), item.sha256(), "the streamed SHA-256 is the file's");
      assertTrue(item.writerThread().matches("writer [1-4]"), item.writerThread());
    }
    assertEquals(List.of(), OutputFiles.temporary(out));
  }

  @Test
  void aBodyLargerThanMaxBodySizeIsAnErrorAndNothingIsWritten(@TempDir Path out) {
    // In memory (a known size below stream-above) and streamed (above it): both are refused.
    List<String> urls = List.of(ORIGIN.get().baseUrl() + "/bytes/5000", ORIGIN.get().baseUrl() + "/bytes/900000", ORIGIN.get().baseUrl() + "/bytes/1000");

    JobReport report = run(out, urls, "fetch.max-body-size=4000", "writer.stream-above=64KiB");

    assertEquals(List.of(Outcome.ERROR, Outcome.ERROR, Outcome.OK), report.items().stream().map(ItemResult::outcome).toList());
    assertEquals("body larger than fetch.max-body-size (4000 bytes): Content-Length is 5000", report.items().get(0).error());
    assertEquals(1, report.items().get(0).attempts().size(), "too large is not transient: no retry");
    assertEquals(List.of("1000"), OutputFiles.payload(out));
  }

  @Test
  void bodiesOfUnknownSizeAreCollectedInMemoryAndALargeOneIsAskedForAgainAndStreamed(@TempDir Path out) throws Exception {
    List<String> urls = List.of(ORIGIN.get().url("/chunked/3000"), ORIGIN.get().url("/chunked/400000"));

    JobReport report = run(out, urls, "writer.stream-above=64KiB");

    assertEquals(2, report.counts().ok());
    assertEquals(1, ORIGIN.get().requestCount("/chunked/3000"), "a small chunked body is read once, in memory");
    assertEquals(2, ORIGIN.get().requestCount("/chunked/400000"), "a large one outgrew memory and was fetched again to disk");
    for (ItemResult item : report.items()) {
      assertArrayEquals(TestJobs.independentGet(item.url()), Files.readAllBytes(Path.of(item.path())), item.url());
      assertEquals(1, item.attempts().size(), "asking again to stream is not a failed attempt");
    }
    assertEquals(List.of(), OutputFiles.temporary(out));
  }
}
