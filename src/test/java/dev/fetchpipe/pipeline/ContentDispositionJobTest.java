package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.console.ProgressStyle;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.origin.RunningOrigin;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Outcome;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * job.names = content-disposition: whole jobs against the built-in origin's /content-disposition route, hostile names
 * and clashes included, and a rerun that keeps what the first saved under its server's names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContentDispositionJobTest {
  private RunningOrigin origin;

  @BeforeAll
  void start() {
    origin = OriginServer.start(ConfigFactory.load(), OriginSettings.fastLoopback());
  }

  @AfterAll
  void stop() {
    origin.close();
  }

  private String named(String name, String tag) {
    return origin.url("/content-disposition?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "&tag=" + tag);
  }

  private List<String> urls() {
    return List.of(
        named("report.pdf", "a"),
        named("../../etc/evil.sh", "b"),
        named("report.pdf", "c"),      // a second server asks for the first one's name
        named("10", "d"),             // the name another URL of the job is given up front
        named("nul\u0000and\nnewline.txt", "e"),
        named(".fetchpipe-journal", "f"),
        origin.url("/bytes/10"));
  }

  @Test
  void savesUnderTheServersNameWhenFreeAndSaysWhyNotOtherwise(@TempDir Path out) throws IOException {
    JobReport report = run(out, "job.names=content-disposition");

    assertEquals(7, report.counts().ok(), report.items().toString());
    assertEquals("content-disposition: report.pdf\n", Files.readString(out.resolve("report.pdf")));
    assertEquals(10, Files.size(out.resolve("10")));
    // Two servers ask for report.pdf: the first to finish has it, the other keeps its URL's name and says why.
    ItemResult winner = item(report, 0).path().endsWith("report.pdf") ? item(report, 0) : item(report, 2);
    ItemResult loser = winner == item(report, 0) ? item(report, 2) : item(report, 0);
    assertEquals(out.resolve("report.pdf").toString(), winner.path());
    assertTrue(winner.note().contains("saved as \"report.pdf\", the name its server's Content-Disposition gave"), winner.note());
    assertTrue(loser.note().contains("\"report.pdf\" not used: another URL's server gave that name first"), loser.note());
    String loserName = Path.of(loser.path()).getFileName().toString();
    assertEquals(loser == item(report, 0) ? "content-disposition" : "content-disposition-3", loserName);
    assertEquals(Stream.of("10", loserName, "content-disposition-4", "evil.sh", "fetchpipe-journal",
        "nul_and_newline.txt", "report.pdf").sorted().toList(), files(out));
    assertEquals(out.resolve("evil.sh").toString(), item(report, 1).path());
    assertTrue(item(report, 3).note().contains("\"10\" not used: another URL of this job is given that name"),
        item(report, 3).note());
    // The URL's own name note comes first: the URL asking for "10" was numbered up front.
    assertTrue(item(report, 3).note().startsWith("file name changed: name already taken in this job, numbered; "),
        item(report, 3).note());
  }

  @Test
  void aRerunKeepsTheFilesSavedUnderTheServersNames(@TempDir Path out) throws IOException {
    run(out, "job.names=content-disposition");
    List<String> first = files(out);

    JobReport again = run(out, "job.names=content-disposition");

    assertEquals(7, again.counts().kept(), again.items().toString());
    assertEquals(first, files(out));
    assertEquals(out.resolve("evil.sh").toString(), item(again, 1).path());
  }

  @Test
  void aFileAlreadyInTheOutputDirIsNeverReplaced(@TempDir Path out) throws IOException {
    Files.writeString(out.resolve("report.pdf"), "mine");

    JobReport report = run(out, "job.names=content-disposition");

    assertEquals("mine", Files.readString(out.resolve("report.pdf")));
    assertTrue(Stream.of(item(report, 0), item(report, 2))
        .anyMatch(item -> item.note().contains("a file of that name is already in the output dir")), report.items().toString());
    assertEquals("content-disposition: report.pdf\n", Files.readString(out.resolve("content-disposition")));
    assertEquals("content-disposition: report.pdf\n", Files.readString(out.resolve("content-disposition-3")));
  }

  @Test
  void streamedBodiesAreRenamedToo(@TempDir Path out) throws IOException {
    JobReport report = run(out, "job.names=content-disposition", "writer.stream-above=1B");

    assertEquals(7, report.counts().ok(), report.items().toString());
    assertTrue(files(out).contains("report.pdf"), files(out).toString());
  }

  @Test
  void byDefaultTheUrlNames(@TempDir Path out) throws IOException {
    JobReport report = run(out);

    assertEquals(7, report.counts().ok(), report.items().toString());
    assertEquals(List.of("10", "content-disposition", "content-disposition-2", "content-disposition-3",
        "content-disposition-4", "content-disposition-5", "content-disposition-6"), files(out));
  }

  private JobReport run(Path out, String... sets) {
    return TestJobs.run(TestJobs.settings(out, urls(), sets), ProgressStyle.OFF).report();
  }

  private static ItemResult item(JobReport report, int index) {
    return report.items().stream().filter(item -> item.index() == index).findFirst().orElseThrow();
  }

  private static List<String> files(Path dir) throws IOException {
    try (Stream<Path> all = Files.list(dir)) {
      return all.filter(Files::isRegularFile).map(path -> path.getFileName().toString())
          .filter(name -> !name.startsWith(".fetchpipe-")).sorted().toList();
    }
  }
}
