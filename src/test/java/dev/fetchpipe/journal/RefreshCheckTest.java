package dev.fetchpipe.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.config.JobSettings.Refresh;
import dev.fetchpipe.job.JobItem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a rerun does with the files an earlier run saved, by {@link Refresh}: keep them, ask the server about those
 * still as saved (by their journaled validator), or fetch them all again; a file changed on disk is always fetched whole.
 */
class RefreshCheckTest {
  private static final List<JobItem> JOB = List.of(
      new JobItem(0, "http://h/a.gif", "a.gif", null),
      new JobItem(1, "http://h/b.gif", "b.gif", null),
      new JobItem(2, "http://h/c.gif", "c.gif", null),
      new JobItem(3, "http://h/d.gif", "d.gif", null));

  /** a: ETag, b: Last-Modified, c: no validator (an older run's line), d: ETag but rewritten on disk since. */
  private static Map<String, JournalEntry> saveAll(Path dir) throws Exception {
    try (Journal journal = Journal.start(dir, List.of())) {
      JournalEntry a = save(dir, journal, JOB.get(0), "whole a", "\"a1\"");
      JournalEntry b = save(dir, journal, JOB.get(1), "whole b", "Mon, 07 Dec 2026 10:00:00 GMT");
      JournalEntry c = save(dir, journal, JOB.get(2), "whole c", null);
      save(dir, journal, JOB.get(3), "whole d", "\"d1\"");
      Files.writeString(dir.resolve("d.gif"), "local d"); // same size, other bytes
      return Map.of("a", a, "b", b, "c", c);
    }
  }

  private static JournalEntry save(Path dir, Journal journal, JobItem item, String content, String validator)
      throws Exception {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    Files.write(dir.resolve(item.fileName()), bytes);
    JournalEntry entry = JournalEntry.saved(item.url(), item.fileName(), bytes.length,
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), validator);
    journal.append(entry);
    return entry;
  }

  @Test
  void keepKeepsEveryFileStillAsSavedWithoutAsking(@TempDir Path dir) throws Exception {
    Map<String, JournalEntry> saved = saveAll(dir);
    Resume resume = Resume.check(dir, JOB, Resume.Progress.NONE, Refresh.KEEP);
    assertEquals(Map.of(0, saved.get("a"), 1, saved.get("b"), 2, saved.get("c")), resume.kept());
    assertEquals(Map.of(), resume.revalidate());
    assertEquals(1, resume.changed(), "d was rewritten on disk");
  }

  @Test
  void ifChangedAsksAboutFilesWithAValidatorAndFetchesTheOthersWhole(@TempDir Path dir) throws Exception {
    Map<String, JournalEntry> saved = saveAll(dir);
    Resume resume = Resume.check(dir, JOB, Resume.Progress.NONE, Refresh.IF_CHANGED);
    assertEquals(Map.of(), resume.kept(), "nothing is kept without asking");
    assertEquals(Map.of(0, saved.get("a"), 1, saved.get("b")), resume.revalidate());
    assertEquals(1, resume.unvalidated(), "c was journaled without a validator: fetched whole");
    assertEquals(1, resume.changed(), "d was rewritten on disk: fetched whole, not asked about");
    assertTrue(resume.carriedOver().containsAll(List.of(saved.get("a"), saved.get("b"))),
        "a 304 leaves the file's line as it is in the new journal");
  }

  @Test
  void ifChangedFetchesAFileWhoseSizeChangedWhole(@TempDir Path dir) throws Exception {
    saveAll(dir);
    Files.writeString(dir.resolve("a.gif"), "a longer a");
    Files.delete(dir.resolve("b.gif"));
    Resume resume = Resume.check(dir, JOB, Resume.Progress.NONE, Refresh.IF_CHANGED);
    assertEquals(Map.of(), resume.revalidate());
    assertEquals(3, resume.changed(), "a, b and d are not as saved");
  }

  @Test
  void aLineEditedToHoldAValidatorThatWouldBreakTheRequestIsFetchedWholeNotAskedWith(@TempDir Path dir) throws Exception {
    byte[] bytes = "whole a".getBytes(StandardCharsets.UTF_8);
    Files.write(dir.resolve("a.gif"), bytes);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    Files.writeString(dir.resolve(Journal.FILE_NAME), "{\"url\":\"http://h/a.gif\",\"file\":\"a.gif\",\"outcome\":\"OK\","
        + "\"bytes\":" + bytes.length + ",\"sha256\":\"" + sha + "\",\"validator\":\"\\\"e\\r\\nX-Evil: 1\\\"\"}\n");
    Resume resume = Resume.check(dir, JOB.subList(0, 1), Resume.Progress.NONE, Refresh.IF_CHANGED);
    assertEquals(Map.of(), resume.revalidate());
    assertEquals(1, resume.unvalidated());
  }

  @Test
  void alwaysKeepsAndAsksAboutNothing(@TempDir Path dir) throws Exception {
    saveAll(dir);
    Resume resume = Resume.check(dir, JOB, Resume.Progress.NONE, Refresh.ALWAYS);
    assertEquals(Map.of(), resume.kept());
    assertEquals(Map.of(), resume.revalidate());
    assertEquals(List.of(), resume.carriedOver());
  }

  @Test
  void aSavedLineWithAnUnusableValidatorHasNone() {
    assertNull(JournalEntry.saved("http://h/x", "x", 1, "ab", "\"a\nb\"").validator());
    assertNull(JournalEntry.saved("http://h/x", "x", 1, "ab", "x".repeat(2000)).validator());
  }
}
