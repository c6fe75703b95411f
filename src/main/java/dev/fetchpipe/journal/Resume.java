package dev.fetchpipe.journal;

import dev.fetchpipe.job.JobItem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;

/**
 * What an earlier run into the same output dir already completed. A URL is kept only when the journal says its file
 * was saved, under the name this job gives it, and the file on disk still has the size and SHA-256 the journal
 * recorded; anything else (a missing, changed or truncated file, a line cut short, not UTF-8, not JSON or lacking a
 * field: see {@link JournalReader}) is fetched again. Reads every kept
 * file once to hash it: run it before the job's actors start.
 *
 * @param kept        journal entries of the URLs that need no fetch, by the item's index in the job
 * @param refetched   URLs the journal says were saved but whose file is missing or no longer matches
 * @param unreadable  journal lines that could not be read (e.g. cut short by a crash); their URLs are fetched again
 */
public record Resume(Map<Integer, JournalEntry> kept, int refetched, int unreadable) {

  public static Resume none() {
    return new Resume(Map.of(), 0, 0);
  }

  public static Resume check(Path dir, Iterable<JobItem> items) throws IOException {
    Path file = dir.resolve(Journal.FILE_NAME);
    Map<String, JournalEntry> saved = new HashMap<>();
    int unreadable;
    try {
      // File names are unique within a job (a URL listed twice gets two). The latest line for a file wins: a later
      // failure means the file is no longer trusted.
      unreadable = JournalReader.read(file, entry -> {
        if (entry.isSaved()) saved.put(entry.file(), entry);
        else if (entry.file() != null) saved.remove(entry.file());
      });
    } catch (NoSuchFileException noJournal) {
      return none();
    }
    Map<Integer, JournalEntry> kept = new HashMap<>();
    int refetched = 0;
    for (JobItem item : items) {
      if (!item.fetchable()) continue;
      JournalEntry entry = saved.get(item.fileName());
      if (entry == null) continue;
      // A URL line that now asks for another checksum than the file has is fetched again (and checked).
      boolean asked = item.sha256() == null || item.sha256().equals(entry.sha256());
      if (entry.url().equals(item.url()) && asked && matches(dir.resolve(entry.file()), entry)) {
        kept.put(item.index(), entry);
      } else {
        refetched++;
      }
    }
    return new Resume(Map.copyOf(kept), refetched, unreadable);
  }

  private static boolean matches(Path file, JournalEntry entry) throws IOException {
    if (!Files.isRegularFile(file) || Files.size(file) != entry.bytes()) return false;
    return sha256(file).equals(entry.sha256());
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return java.util.HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
