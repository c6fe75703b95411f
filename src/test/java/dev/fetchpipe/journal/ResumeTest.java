package dev.fetchpipe.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.report.JobStart;
import dev.fetchpipe.report.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second run keeps exactly the files the journal vouches for and the disk still holds unchanged. */
class ResumeTest {
  private static final List<JobItem> JOB = List.of(
      new JobItem(0, "http://h/a.gif", "a.gif", null),
      new JobItem(1, "http://h/b.gif", "b.gif", null),
      new JobItem(2, "http://h/c.gif", "c.gif", null),
      new JobItem(3, "ftp://h/d.gif", null, "not a usable http(s) URL"));

  private static JournalEntry save(Path dir, Journal journal, JobItem item, String content) throws Exception {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    Files.write(dir.resolve(item.fileName()), bytes);
    JournalEntry entry = JournalEntry.saved(item.url(), item.fileName(), bytes.length,
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
    journal.append(entry);
    return entry;
  }

  /** {@code item} saved under {@code savedAs} (its server's Content-Disposition name) and journaled so. */
  private static JournalEntry saveAs(Path dir, Journal journal, JobItem item, String savedAs, String content)
      throws Exception {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    Files.write(dir.resolve(savedAs.replace("../", "")), bytes);
    JournalEntry entry = new JournalEntry(item.url(), item.fileName(), Outcome.OK, bytes.length,
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), null, null, null, savedAs);
    journal.append(entry);
    return entry;
  }

  @Test
  void aFileSavedUnderItsServersNameIsKeptThere(@TempDir Path dir) throws Exception {
    JournalEntry a;
    try (Journal journal = Journal.start(dir, List.of())) {
      a = saveAs(dir, journal, JOB.get(0), "report.pdf", "whole a");
    }

    Resume resume = Resume.check(dir, JOB);

    assertEquals(Map.of(0, a), resume.kept());
    assertEquals("report.pdf", resume.kept().get(0).savedFile());
  }

  @Test
  void aServersNameThatAUrlOfTheJobIsNowGivenIsFetchedAgain(@TempDir Path dir) throws Exception {
    try (Journal journal = Journal.start(dir, List.of())) {
      saveAs(dir, journal, JOB.get(0), "b.gif", "a under b's name");
    }

    Resume resume = Resume.check(dir, JOB);

    assertEquals(Map.of(), resume.kept());
    assertEquals(1, resume.refetched(), "b.gif would overwrite it");
  }

  @Test
  void aHostileSavedAsInTheJournalIsNeverTrusted(@TempDir Path dir) throws Exception {
    Path sub = Files.createDirectories(dir.resolve("out"));
    Files.writeString(dir.resolve("secret"), "whole a");
    try (Journal journal = Journal.start(sub, List.of())) {
      saveAs(sub, journal, JOB.get(0), "../secret", "whole a");
      saveAs(sub, journal, JOB.get(1), ".hidden", "whole b");
    }

    Resume resume = Resume.check(sub, JOB);

    assertEquals(Map.of(), resume.kept());
    assertEquals(2, resume.refetched());
  }

  @Test
  void noJournalMeansNothingIsKept(@TempDir Path dir) throws Exception {
    assertEquals(Resume.none(), Resume.check(dir, JOB));
  }

  @Test
  void filesTheJournalVouchesForAreKeptAndEverythingElseIsFetchedAgain(@TempDir Path dir) throws Exception {
    Resume resume;
    JournalEntry a;
    try (Journal journal = Journal.start(dir, List.of())) {
      a = save(dir, journal, JOB.get(0), "whole a");
      save(dir, journal, JOB.get(1), "whole b");
      journal.append(new JournalEntry(JOB.get(2).url(), "c.gif", Outcome.ERROR, 0, null, "HTTP 500"));
    }
    Files.writeString(dir.resolve("b.gif"), "changed b"); // same length, different bytes
    Files.writeString(dir.resolve("c.gif"), "never journaled as saved");

    resume = Resume.check(dir, JOB);

    assertEquals(Map.of(0, a), resume.kept());
    assertEquals(1, resume.refetched(), "b no longer matches its SHA-256");
  }

  @Test
  void aFileInSubfoldersIsKeptUnlessItsLineNowAsksForAnotherChecksum(@TempDir Path dir) throws Exception {
    JobItem item = new JobItem(0, "http://h/a.gif", "x/y/a.gif", null);
    Files.createDirectories(dir.resolve("x/y"));
    JournalEntry entry;
    try (Journal journal = Journal.start(dir, List.of())) {
      entry = save(dir, journal, item, "whole a");
    }
    assertEquals(Map.of(0, entry), Resume.check(dir, List.of(item)).kept());
    JobItem sameSum = new JobItem(0, item.url(), item.fileName(), null, null, entry.sha256(), Map.of());
    assertEquals(Map.of(0, entry), Resume.check(dir, List.of(sameSum)).kept());
    JobItem otherSum = new JobItem(0, item.url(), item.fileName(), null, null, "0".repeat(64), Map.of());
    Resume asked = Resume.check(dir, List.of(otherSum));
    assertEquals(Map.of(), asked.kept());
    assertEquals(1, asked.refetched());
  }

  @Test
  void aFileShorterOrMissingIsFetchedAgain(@TempDir Path dir) throws Exception {
    try (Journal journal = Journal.start(dir, List.of())) {
      save(dir, journal, JOB.get(0), "whole a");
      save(dir, journal, JOB.get(1), "whole b");
    }
    Files.writeString(dir.resolve("a.gif"), "whole");
    Files.delete(dir.resolve("b.gif"));

    Resume resume = Resume.check(dir, JOB);

    assertEquals(Map.of(), resume.kept());
    assertEquals(2, resume.refetched());
  }

  @Test
  void filesSavedFromOtherUrlsAreCountedApartWithAnExample(@TempDir Path dir) throws Exception {
    try (Journal journal = Journal.start(dir, List.of())) {
      save(dir, journal, JOB.get(0), "whole a");
      save(dir, journal, JOB.get(1), "whole b");
    }
    List<JobItem> movedOrigin = List.of(new JobItem(0, "http://other:2/a.gif", "a.gif", null),
        new JobItem(1, "http://other:2/b.gif", "b.gif", null));

    Resume resume = Resume.check(dir, movedOrigin);

    assertEquals(Map.of(), resume.kept());
    assertEquals(0, resume.changed(), "nothing changed on disk");
    assertEquals(2, resume.otherUrls());
    assertEquals(new JobStart.UrlChange("http://h/a.gif", "http://other:2/a.gif"), resume.example());
  }

  @Test
  void theCheckTellsHowManyFilesAndBytesItHashedUpToTheTotal(@TempDir Path dir) throws Exception {
    String big = "x".repeat(600 * 1024); // more than one chunk: the progress moves within the file
    try (Journal journal = Journal.start(dir, List.of())) {
      save(dir, journal, JOB.get(0), big);
      save(dir, journal, JOB.get(1), "whole b");
    }
    List<long[]> seen = new ArrayList<>();

    Resume resume = Resume.check(dir, JOB, (files, ofFiles, bytes, ofBytes) -> seen.add(new long[] {files, ofFiles, bytes, ofBytes}));

    assertEquals(2, resume.kept().size());
    long total = big.length() + "whole b".length();
    assertArrayEquals(new long[] {0, 2, 0, total}, seen.get(0), "the totals are known before the first read");
    assertArrayEquals(new long[] {2, 2, total, total}, seen.get(seen.size() - 1));
    assertTrue(seen.stream().anyMatch(s -> s[0] == 0 && s[2] > 0 && s[2] < big.length()), "progress within a big file");
    for (int i = 1; i < seen.size(); i++) {
      assertTrue(seen.get(i)[2] >= seen.get(i - 1)[2] && seen.get(i)[0] >= seen.get(i - 1)[0], "never backwards");
    }
  }

  @Test
  void aLaterFailureOfTheSameFileWithdrawsItsEarlierSave(@TempDir Path dir) throws Exception {
    try (Journal journal = Journal.start(dir, List.of())) {
      save(dir, journal, JOB.get(0), "whole a");
      journal.append(new JournalEntry(JOB.get(0).url(), "a.gif", Outcome.ERROR, 0, null, "write failed"));
    }
    assertEquals(Map.of(), Resume.check(dir, JOB).kept());
  }

  @Test
  void aLineCutShortByACrashIsSkippedAndCounted(@TempDir Path dir) throws Exception {
    JournalEntry a;
    try (Journal journal = Journal.start(dir, List.of())) {
      a = save(dir, journal, JOB.get(0), "whole a");
    }
    Files.writeString(dir.resolve(Journal.FILE_NAME), "{\"url\":\"http://h/b.gif\",\"fi", StandardOpenOption.APPEND);

    Resume resume = Resume.check(dir, JOB);

    assertEquals(Map.of(0, a), resume.kept());
    assertEquals(1, resume.unreadable());
  }

  @Test
  void aUrlWhoseFileNameChangedIsNotKeptUnderTheOldName(@TempDir Path dir) throws Exception {
    try (Journal journal = Journal.start(dir, List.of())) {
      save(dir, journal, JOB.get(0), "whole a");
    }
    List<JobItem> reordered = List.of(new JobItem(0, "http://h/other/a.gif", "a.gif", null));

    assertEquals(Map.of(), Resume.check(dir, reordered).kept(), "a.gif now belongs to another URL");
  }

  @Test
  void startingAfreshKeepsOnlyTheCarriedOverLines(@TempDir Path dir) throws Exception {
    JournalEntry a;
    try (Journal journal = Journal.start(dir, List.of())) {
      a = save(dir, journal, JOB.get(0), "whole a");
      save(dir, journal, JOB.get(1), "whole b");
    }
    try (Journal journal = Journal.start(dir, List.of(a))) {
      assertEquals(1, Files.readAllLines(journal.file()).size());
    }
    assertTrue(Files.readString(dir.resolve(Journal.FILE_NAME)).contains("a.gif"));
  }
}
