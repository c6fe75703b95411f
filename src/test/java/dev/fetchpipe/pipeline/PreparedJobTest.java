package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.job.OutputDir;
import dev.fetchpipe.job.OutputDirBusyException;
import dev.fetchpipe.journal.Journal;
import dev.fetchpipe.journal.JournalEntry;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.testing.OutputFiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a job holds before and after its actors: the built-in origin it was handed, the output dir's lock, the journal. */
class PreparedJobTest {
  @Test
  void aSecondJobIntoTheSameDirIsRefusedAsBusyUntilTheFirstCloses(@TempDir Path out) {
    FetchpipeSettings settings = TestJobs.settings(out, List.of("http://127.0.0.1:1/a.gif"));
    try (PreparedJob first = PreparedJob.open(settings, null)) {
      OutputDirBusyException busy = assertThrows(OutputDirBusyException.class, () -> PreparedJob.open(settings, null));
      assertEquals(OutputDir.KEY, busy.key());
      assertTrue(Files.exists(out.resolve(Journal.FILE_NAME)), "the journal is started before any fetch");
    }
    PreparedJob.open(settings, null).close();
  }

  @Test
  void theBuiltInOriginItWasHandedServesWhileTheJobIsOpenAndStopsAtClose(@TempDir Path out) throws Exception {
    FetchpipeSettings settings = TestJobs.settings(out, List.of(), "job.base-url=embedded", "job.codes=[CN, BR]");
    String flag;
    try (PreparedJob job = PreparedJob.open(settings, OriginServer.forJob(settings))) {
      assertEquals(2, job.plan().size());
      assertTrue(job.plan().site().startsWith("http://127.0.0.1:"), job.plan().site());
      flag = job.plan().items().get(0).url();
      assertEquals(200, get(flag));
    }
    assertThrows(java.io.IOException.class, () -> get(flag), "the origin stopped with the job");
  }

  @Test
  void aJobOnTheBuiltInOriginIsNeverPreparedWithoutOne(@TempDir Path out) {
    FetchpipeSettings settings = TestJobs.settings(out, List.of(), "job.base-url=embedded", "job.codes=[CN]");
    assertNull(OriginServer.forJob(TestJobs.settings(out, List.of("http://127.0.0.1:1/a.gif"))), "only for base-url embedded");
    assertThrows(IllegalArgumentException.class, () -> PreparedJob.open(settings, null));
    assertFalse(Files.exists(out.resolve(OutputDir.LOCK_FILE)), "nothing was locked");
  }

  @Test
  void closeRemovesTemporaryFilesClosesTheJournalAndKeepsWhatAnEarlierRunCompleted(@TempDir Path out) throws Exception {
    Files.writeString(out.resolve(".a.gif.1234" + OutputDir.TEMP_SUFFIX), "stale");
    FetchpipeSettings settings = TestJobs.settings(out, List.of("http://127.0.0.1:1/a.gif"));
    try (PreparedJob job = PreparedJob.open(settings, null)) {
      assertEquals(1, job.staleTempFilesRemoved(), "the header says so (Summary)");
      assertEquals(0, job.resume().kept().size());
      Files.writeString(out.resolve(".b.gif.99" + OutputDir.TEMP_SUFFIX), "cut off as the job ended");
      job.journal().append(JournalEntry.saved("http://127.0.0.1:1/a.gif", "a.gif", 0, sha256Of("")));
      Files.writeString(out.resolve("a.gif"), "");
    }
    assertEquals(List.of(), OutputFiles.temporary(out));
    assertFalse(Files.exists(out.resolve(OutputDir.LOCK_FILE)));
    try (PreparedJob again = PreparedJob.open(settings, null)) {
      assertEquals(1, again.resume().kept().size(), "the closed journal held the line");
    }
  }

  private static int get(String url) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static String sha256Of(String text) throws Exception {
    return java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
