package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.console.ProgressStyle;
import dev.fetchpipe.journal.Journal;
import dev.fetchpipe.journal.Resume;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.origin.RunningOrigin;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Running the same job again into the same dir keeps what is complete and fetches the rest. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResumeJobTest {
  private RunningOrigin origin;
  private List<String> urls;

  @BeforeAll
  void startOrigin() {
    origin = OriginServer.start(ConfigFactory.load(), OriginSettings.fastLoopback());
    urls = IntStream.range(0, 12).mapToObj(i -> origin.baseUrl() + "/bytes/" + (500 + i)).toList();
  }

  @AfterAll
  void stopOrigin() {
    origin.close();
  }

  private TestJobs.Finished run(Path out, String... sets) {
    return TestJobs.run(TestJobs.settings(out, urls, sets), ProgressStyle.OFF);
  }

  @Test
  void aSecondRunKeepsEveryCompleteFileAndFetchesNothing(@TempDir Path out) throws Exception {
    assertEquals(12, run(out).report().counts().ok());

    TestJobs.Finished again = run(out);

    JobReport report = again.report();
    assertEquals(12, report.counts().kept());
    assertEquals(0, report.exitCode());
    assertTrue(report.items().stream().allMatch(item -> item.attempts().isEmpty()), "no request was made");
    assertTrue(again.output().contains("Resuming: 12 files already complete from an earlier run are kept."), again.output());
    assertTrue(again.output().contains(" 12 already complete from an earlier run (kept)."), again.output());
    assertTrue(again.output().contains("Nothing to fetch: no connection will be used."), again.output());
    assertEquals(12, Files.readAllLines(out.resolve(Journal.FILE_NAME)).size(), "the journal does not grow with each run");
  }

  @Test
  void theCheckOfAnEarlierRunsFilesCountsInTheJobsElapsedTime(@TempDir Path out) {
    run(out);
    long checkMs = 400;
    // A check that takes a while, as hashing gigabytes does: the report's elapsed time includes it.
    Resume.Progress slowCheck = (files, ofFiles, bytes, ofBytes) -> {
      if (files == ofFiles && ofFiles > 0) {
        try {
          Thread.sleep(checkMs);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };

    JobReport again = JobRunner.run(TestJobs.settings(out, urls), null, List.of(), true, (job, system) -> { }, slowCheck);

    assertEquals(12, again.counts().kept());
    assertTrue(again.elapsedMs() >= checkMs, "elapsed " + again.elapsedMs() + " ms");
  }

  @Test
  void aChangedMissingOrTruncatedFileIsFetchedAgain(@TempDir Path out) throws Exception {
    run(out);
    Files.writeString(out.resolve("500"), "x".repeat(500)); // same size, other bytes
    Files.delete(out.resolve("501"));
    Files.write(out.resolve("502"), new byte[10]);

    TestJobs.Finished again = run(out);

    JobReport report = again.report();
    assertEquals(9, report.counts().kept());
    assertEquals(3, report.counts().ok());
    for (ItemResult item : report.items().subList(0, 3)) {
      assertEquals(Outcome.OK, item.outcome());
      assertEquals(JobRunnerTest.sha256(TestJobs.independentGet(item.url())), JobRunnerTest.sha256(Files.readAllBytes(Path.of(item.path()))));
    }
    assertTrue(again.output().contains("3 were changed or removed since, and will be fetched again"), again.output());
  }

  @Test
  void failuresAreNotKeptAndResumeOffFetchesEverything(@TempDir Path out) {
    List<String> withFailure = List.of(urls.get(0), origin.baseUrl() + "/status/404");
    TestJobs.run(TestJobs.settings(out, withFailure), ProgressStyle.OFF);

    JobReport again = TestJobs.run(TestJobs.settings(out, withFailure), ProgressStyle.OFF).report();
    assertEquals(List.of(Outcome.KEPT, Outcome.NOT_FOUND), again.items().stream().map(ItemResult::outcome).toList());

    JobReport fresh = TestJobs.run(TestJobs.settings(out, withFailure, "job.resume=off"), ProgressStyle.OFF).report();
    assertEquals(List.of(Outcome.OK, Outcome.NOT_FOUND), fresh.items().stream().map(ItemResult::outcome).toList());
  }
}
