package dev.fetchpipe.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fetchpipe.pipeline.JobLimits;
import dev.fetchpipe.pipeline.JobStatus;
import dev.fetchpipe.report.AnItem;
import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.report.Cancellation;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.JsonReport;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.report.Tally;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outcome counts are flat fields of the status JSON, the events and the report, byte for byte as users and their
 * scripts read them: one record holds them in the code, the wire does not show it.
 */
class FlatCountsJsonTest {
  private static final Tally TALLY = Tally.of(List.of(
      AnItem.of(0, "http://h/0", Outcome.OK).bytes(5).build(), AnItem.of(1, "http://h/1", Outcome.OK).bytes(7).build(),
      AnItem.of(2, "http://h/2", Outcome.KEPT).build(), AnItem.of(3, "http://h/3", Outcome.NOT_FOUND).build(),
      AnItem.of(4, "http://h/4", Outcome.ERROR).build(), AnItem.of(5, "http://h/5", Outcome.ERROR).build(),
      AnItem.of(6, "http://h/6", Outcome.CANCELLED).build(), AnItem.of(7, "http://h/7", Outcome.SKIPPED).build(),
      AnItem.of(8, "http://h/8", Outcome.UNCHANGED).build()));
  private static final Cancellation CANCEL = new Cancellation(CancelSource.REQUEST, "cancelled", 12.5, 1, 0, null, null);

  @Test
  void aStatusShowsEachCountAsAFieldOfItsOwnInTheOrderItAlwaysHad() throws Exception {
    JobStatus status = JobStatus.of(JobStatus.State.DONE, "site", "out", 10, TALLY, 1, 0, 2000,
        new JobLimits(4, 2, 1), CANCEL);
    assertEquals("{\"id\":\"j1\",\"state\":\"CANCELLED\",\"site\":\"site\",\"outputDir\":\"out\",\"total\":10,\"done\":9,"
        + "\"ok\":2,\"kept\":1,\"unchanged\":1,\"notFound\":1,\"errors\":2,\"cancelled\":1,\"skipped\":1,\"inFlight\":1,"
        + "\"waitingToRetry\":0,\"writing\":0,\"queued\":0,\"bytes\":12,\"filesPerSecond\":1.0,\"elapsedMs\":2000,"
        + "\"msLeft\":null,\"limits\":{\"maxInFlight\":4,\"maxPerHost\":2,\"writerThreads\":1,\"maxBytesPerSecond\":0,"
        + "\"maxBytesPerSecondPerUrl\":0,\"perHostDelayMs\":0,\"perHostRate\":0.0},\"cancellation\":{\"source\":\"REQUEST\",\"reason\":\"cancelled\",\"atMs\":12.5,"
        + "\"inFlight\":1,\"finishedAfterCancel\":0,\"abortedAtMs\":null,\"lastStoppedMs\":null},\"hostPauses\":[],"
        + "\"writerThreadsBusy\":0,\"exitCode\":3,\"submittedAt\":\"t0\"}",
        Json.MAPPER.writeValueAsString(StatusJson.of("j1", "t0", status, 0, 3)));
  }

  @Test
  void aReportShowsEachCountAsAFieldOfItsOwnAndIsReadBackTheSame(@TempDir Path dir) throws Exception {
    JobReport report = JobReport.of("site", 9, 4, 2000, null, TALLY, List.of(), false);
    Path file = dir.resolve("report.json");
    JsonReport.write(report, file);
    assertEquals("""
        {
          "site" : "site",
          "urls" : 9,
          "concurrency" : 4,
          "ok" : 2,
          "kept" : 1,
          "unchanged" : 1,
          "notFound" : 1,
          "errors" : 2,
          "cancelled" : 1,
          "skipped" : 1,
          "renamed" : 0,
          "numbered" : 0,
          "elapsedMs" : 2000,
          "cancellation" : null,
          "limitChanges" : [ ],
          "tlsInsecure" : false,
          "items" : [ ],
          "allItems" : false,
          "hostPauses" : [ ],
          "hostPausesSeen" : 0
        }""", Files.readString(file).replace("\r\n", "\n"));
    assertEquals(report, Json.MAPPER.readValue(file.toFile(), JobReport.class));
  }
}
