package dev.fetchpipe.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.job.OutputDir;
import dev.fetchpipe.report.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's partial lines: which kept bodies a later run continues, and which it refuses to trust. */
class PartialLinesTest {
  private static final JobItem A = new JobItem(0, "http://h/a.bin", "a.bin", null);
  private static final JobItem B = new JobItem(1, "http://h/sub/b.bin", "sub/b.bin", null);

  private static Path partial(Path dir, JobItem item, int bytes) throws Exception {
    Path file = OutputDir.partialFile(dir, item.fileName());
    Files.write(file, new byte[bytes]);
    return file;
  }

  private static Resume check(Path dir, JournalEntry... lines) throws Exception {
    try (Journal journal = Journal.start(dir, List.of())) {
      for (JournalEntry line : lines) journal.append(line);
    }
    return Resume.check(dir, List.of(A, B));
  }

  @Test
  void aCutLineWhoseFileHasExactlyItsLengthIsContinued(@TempDir Path dir) throws Exception {
    partial(dir, A, 100);

    Resume resume = check(dir, JournalEntry.partial(A.url(), "a.bin", 100, "\"v1\"", JournalEntry.CUT));

    assertEquals(Map.of(0, new Resume.Partial(A.url(), "a.bin", 100, "\"v1\"")), resume.partials());
  }

  @Test
  void aReceivingLineTrustsAFileAtLeastAsLongAsWhereTheBodyStarted(@TempDir Path dir) throws Exception {
    partial(dir, A, 150); // a run killed while it was writing: longer than the line says
    partial(dir, B, 10);

    Resume resume = check(dir,
        JournalEntry.partial(A.url(), "a.bin", 100, "\"v1\"", JournalEntry.RECEIVING),
        JournalEntry.partial(B.url(), "sub/b.bin", 20, "\"v2\"", JournalEntry.RECEIVING));

    assertEquals(Map.of(0, new Resume.Partial(A.url(), "a.bin", 150, "\"v1\"")), resume.partials(),
        "b's file is shorter than where its body started: changed by someone else");
  }

  @Test
  void aCutLineWhoseFileIsLongerOrShorterIsNotTrusted(@TempDir Path dir) throws Exception {
    partial(dir, A, 101);
    partial(dir, B, 99);

    Resume resume = check(dir, JournalEntry.partial(A.url(), "a.bin", 100, "\"v\"", JournalEntry.CUT),
        JournalEntry.partial(B.url(), "sub/b.bin", 100, "\"v\"", JournalEntry.CUT));

    assertEquals(Map.of(), resume.partials());
  }

  @Test
  void aLaterSaveEndsTheBodysStoryAndAnotherUrlsLineIsNotThisOnes(@TempDir Path dir) throws Exception {
    partial(dir, A, 100);
    partial(dir, B, 100);
    Files.write(dir.resolve("a.bin"), new byte[0]);

    Resume resume = check(dir, JournalEntry.partial(A.url(), "a.bin", 100, "\"v\"", JournalEntry.CUT),
        JournalEntry.saved(A.url(), "a.bin", 5, "ab"),
        JournalEntry.partial("http://other/b.bin", "sub/b.bin", 100, "\"v\"", JournalEntry.CUT));

    assertEquals(Map.of(), resume.partials());
  }

  @Test
  void hostileLinesAreSkipped(@TempDir Path dir) throws Exception {
    partial(dir, A, 100);
    List<String> lines = List.of(
        // a validator that would end the If-Range header early and add one of its own
        "{\"url\":\"http://h/a.bin\",\"file\":\"a.bin\",\"bytes\":100,\"validator\":\"\\\"v\\\"\\r\\nX-Evil: 1\",\"partial\":\"cut\"}",
        "{\"url\":\"http://h/a.bin\",\"file\":\"a.bin\",\"bytes\":-5,\"validator\":\"\\\"v\\\"\",\"partial\":\"cut\"}",
        "{\"url\":\"http://h/a.bin\",\"file\":\"a.bin\",\"bytes\":100,\"validator\":\"\\\"v\\\"\",\"partial\":\"whatever\"}",
        "{\"url\":\"http://h/a.bin\",\"file\":\"a.bin\",\"bytes\":100,\"partial\":\"cut\"}");
    Files.write(dir.resolve(Journal.FILE_NAME), String.join("\n", lines).getBytes(StandardCharsets.UTF_8));

    Resume resume = Resume.check(dir, List.of(A, B));

    assertEquals(Map.of(), resume.partials());
    assertEquals(4, resume.unreadable());
  }

  @Test
  void aLinkInThePartialFilesPlaceIsNotFollowed(@TempDir Path dir) throws Exception {
    Path elsewhere = Files.write(dir.resolve("elsewhere"), new byte[100]);
    Files.createSymbolicLink(OutputDir.partialFile(dir, "a.bin"), elsewhere);

    Resume resume = check(dir, JournalEntry.partial(A.url(), "a.bin", 100, "\"v\"", JournalEntry.CUT));

    assertEquals(Map.of(), resume.partials());
  }

  @Test
  void theNewJournalCarriesTheContinuedBodiesOverAsCutLines(@TempDir Path dir) throws Exception {
    partial(dir, A, 150);
    Resume resume = check(dir, JournalEntry.partial(A.url(), "a.bin", 100, "\"v1\"", JournalEntry.CUT),
        JournalEntry.partial(A.url(), "a.bin", 100, "\"v1\"", JournalEntry.RECEIVING));

    try (Journal journal = Journal.start(dir, resume.carriedOver())) {
      assertTrue(journal.file().toFile().exists());
    }
    List<JournalEntry> read = new ArrayList<>();
    JournalReader.read(dir.resolve(Journal.FILE_NAME), read::add);
    assertEquals(List.of(JournalEntry.partial(A.url(), "a.bin", 150, "\"v1\"", JournalEntry.CUT)), read);
  }

  @Test
  void partialFilesAreNamedByTheirWholeFileNameAndNoOtherPartialFileSurvives(@TempDir Path dir) throws Exception {
    Path a = partial(dir, A, 1);
    Path b = partial(dir, B, 1);
    Path other = OutputDir.partialFile(dir, "other/b.bin");
    Files.write(other, new byte[1]);
    assertFalse(b.equals(other), "two files named b.bin in two folders have two partial files");
    assertTrue(a.getFileName().toString().startsWith(".a.bin."));

    try (OutputDir output = OutputDir.open(dir)) {
      assertEquals(1, output.removePartialFilesBut(Set.of(a, b)));
    }
    assertTrue(Files.exists(a) && Files.exists(b));
    assertFalse(Files.exists(other));
  }

  @Test
  void aPartialLineIsNoEnding(@TempDir Path dir) {
    assertFalse(JournalEntry.partial(A.url(), "a.bin", 1, "\"v\"", JournalEntry.CUT).isSaved());
    assertFalse(new JournalEntry(A.url(), "a.bin", Outcome.ERROR, 0, null, "x").isPartial());
  }
}
