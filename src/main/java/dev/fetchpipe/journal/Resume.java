package dev.fetchpipe.journal;

import dev.fetchpipe.config.JobSettings.Refresh;
import dev.fetchpipe.job.DispositionName;
import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.job.TakenNames;
import dev.fetchpipe.job.OutputDir;
import dev.fetchpipe.report.JobStart.UrlChange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What an earlier run into the same output dir already completed. A URL is kept only when the journal says its file
 * was saved, under the name this job gives it, from the same URL, and the file on disk still has the size and SHA-256
 * the journal recorded; anything else (a missing, changed or truncated file, a line cut short, not UTF-8, not JSON or
 * lacking a field: see {@link JournalReader}) is fetched again. Reads every file that may be kept once to hash it,
 * telling {@link Progress} how far it got: run it before the job's actors start, off their threads.
 *
 * @param kept       journal entries of the URLs that need no fetch, by the item's index in the job
 * @param changed    files the journal says were saved from the same URL, but that are missing or no longer match
 * @param otherUrls  files the journal says were saved under a name this job gives another URL (the job's URLs changed:
 *                   the built-in origin's port, say): fetched again, and nothing is wrong
 * @param example    one of {@code otherUrls}, to show which URLs changed; null when there is none
 * @param unreadable journal lines that could not be read (e.g. cut short by a crash); their URLs are fetched again
 * @param partials   bodies an earlier run was cut off in, by the item's index, that the next request may continue:
 *                   their partial file ({@link OutputDir#partialFile}) is there, a plain file at least as long as the
 *                   journal's partial line says ({@value JournalEntry#CUT}: exactly as long), from the same URL
 * @param revalidate with {@link Refresh#IF_CHANGED}: files still as saved, whose journal line has a validator, by the
 *                   item's index: the server is asked whether each changed (the journal's line is its answer's base)
 * @param unvalidated with {@link Refresh#IF_CHANGED}: files still as saved but journaled without a validator (by an
 *                   older run, or from a server that sent none): fetched again whole
 */
public record Resume(Map<Integer, JournalEntry> kept, int changed, int otherUrls, UrlChange example, int unreadable,
    Map<Integer, Partial> partials, Map<Integer, JournalEntry> revalidate, int unvalidated) {

  /** A body cut off after {@code bytes} bytes, kept in its partial file; {@code validator} as the journal has it. */
  public record Partial(String url, String file, long bytes, String validator) {}

  public Resume(Map<Integer, JournalEntry> kept, int changed, int otherUrls, UrlChange example, int unreadable) {
    this(kept, changed, otherUrls, example, unreadable, Map.of());
  }

  public Resume(Map<Integer, JournalEntry> kept, int changed, int otherUrls, UrlChange example, int unreadable,
      Map<Integer, Partial> partials) {
    this(kept, changed, otherUrls, example, unreadable, partials, Map.of(), 0);
  }

  /**
   * The journal lines a new journal starts with: the kept files', the files to revalidate (a 304 leaves the line as
   * it is; a 200 appends the new file's, which wins), and a partial line for each body to continue.
   */
  public List<JournalEntry> carriedOver() {
    List<JournalEntry> lines = new ArrayList<>(kept.values());
    lines.addAll(revalidate.values());
    partials.values().forEach(partial -> lines.add(JournalEntry.partial(partial.url(), partial.file(),
        partial.bytes(), partial.validator(), JournalEntry.CUT)));
    return lines;
  }

  /**
   * How far the check of an earlier run's files is: {@code files} of {@code ofFiles} hashed, {@code bytes} of
   * {@code ofBytes} read. Called on the checking thread, often (every few hundred KiB): keep it cheap.
   */
  public interface Progress {
    Progress NONE = (files, ofFiles, bytes, ofBytes) -> { };

    void checked(int files, int ofFiles, long bytes, long ofBytes);
  }

  /** How much is read between two reports of progress: a huge file still moves the line on. */
  private static final int CHUNK = 256 * 1024;

  public static Resume none() {
    return new Resume(Map.of(), 0, 0, null, 0, Map.of(), Map.of(), 0);
  }

  /** The same, continuing no body: every body is fetched from its first byte. */
  public Resume withoutPartials() {
    return new Resume(kept, changed, otherUrls, example, unreadable, Map.of(), revalidate, unvalidated);
  }

  /** URLs the journal vouches for that are fetched again, whatever the reason. */
  public int refetched() {
    return changed + otherUrls;
  }

  public static Resume check(Path dir, Iterable<JobItem> items) throws IOException {
    return check(dir, items, Progress.NONE);
  }

  public static Resume check(Path dir, Iterable<JobItem> items, Progress progress) throws IOException {
    return check(dir, items, progress, Refresh.KEEP);
  }

  /** As {@link #check(Path, Iterable, Progress)}, doing with the files still as saved what {@code refresh} says. */
  public static Resume check(Path dir, Iterable<JobItem> items, Progress progress, Refresh refresh) throws IOException {
    Path file = dir.resolve(Journal.FILE_NAME);
    Map<String, JournalEntry> saved = new HashMap<>();
    Map<String, JournalEntry> partial = new HashMap<>();
    int unreadable;
    try {
      // File names are unique within a job (a URL listed twice gets two). The latest line for a file wins: a later
      // failure means the file is no longer trusted.
      // A partial line says how far a body got; a saved file's line after it ends that body's story.
      unreadable = JournalReader.read(file, entry -> {
        if (entry.isPartial()) {
          partial.put(entry.file(), entry);
        } else if (entry.isSaved()) {
          saved.put(entry.file(), entry);
          partial.remove(entry.file());
        } else if (entry.file() != null) {
          saved.remove(entry.file());
        }
      });
    } catch (NoSuchFileException noJournal) {
      return none();
    }
    // First what may be kept, by its journal line and the file's size alone, so the hashing that follows knows how
    // much it has to read.
    List<Candidate> toHash = new ArrayList<>();
    long ofBytes = 0;
    int changed = 0;
    int otherUrls = 0;
    UrlChange example = null;
    // Files saved under their servers' names (job.names = content-disposition) are kept only while no URL is given
    // that name, so the URLs' names are collected on the way, when there are any such files.
    TakenNames urlNames = saved.values().stream().anyMatch(entry -> entry.savedAs() != null) ? TakenNames.collecting() : null;
    Map<Integer, Partial> partials = new HashMap<>();
    for (JobItem item : items) {
      if (!item.fetchable()) continue;
      if (urlNames != null) urlNames.addUrlName(item.fileName());
      Partial cut = continuable(dir, item, partial.get(item.fileName()));
      if (cut != null) partials.put(item.index(), cut);
      JournalEntry entry = saved.get(item.fileName());
      if (entry == null) continue;
      // A URL line that now asks for another checksum than the file has is fetched again (and checked).
      boolean asked = item.sha256() == null || item.sha256().equals(entry.sha256());
      if (!entry.url().equals(item.url())) {
        otherUrls++;
        if (example == null) example = new UrlChange(entry.url(), item.url());
      } else if (asked && refresh != Refresh.ALWAYS
          && (entry.savedAs() == null || DispositionName.couldBe(entry.file(), entry.savedAs()))
          && sameSize(dir.resolve(entry.savedFile()), entry)) {
        toHash.add(new Candidate(item.index(), entry));
        ofBytes += entry.bytes();
      } else if (refresh != Refresh.ALWAYS || !asked) {
        changed++;
      }
    }
    // A file saved under its server's name that this job now gives a URL would be overwritten by that URL: fetched
    // again instead (under its own name this time).
    if (urlNames != null) {
      int before = toHash.size();
      toHash.removeIf(candidate -> candidate.entry().savedAs() != null && urlNames.givenToUrl(candidate.entry().savedAs()));
      changed += before - toHash.size();
      ofBytes = toHash.stream().mapToLong(candidate -> candidate.entry().bytes()).sum();
    }
    Map<Integer, JournalEntry> kept = new HashMap<>();
    Map<Integer, JournalEntry> revalidate = new HashMap<>();
    int unvalidated = 0;
    toHash.forEach(candidate -> partials.remove(candidate.index())); // kept, most likely: no body to continue then
    Hashing hashing = new Hashing(progress, toHash.size(), ofBytes);
    for (Candidate candidate : toHash) {
      if (!hashing.sha256(dir.resolve(candidate.entry().savedFile())).equals(candidate.entry().sha256())) {
        changed++;
      } else if (refresh == Refresh.KEEP) {
        kept.put(candidate.index(), candidate.entry());
      } else if (JournalEntry.usableValidator(candidate.entry().validator())) { // an edited line may hold anything
        revalidate.put(candidate.index(), candidate.entry());
      } else {
        unvalidated++;
      }
      hashing.fileDone();
    }
    return new Resume(Map.copyOf(kept), changed, otherUrls, example, unreadable, Map.copyOf(partials),
        Map.copyOf(revalidate), unvalidated);
  }

  /**
   * The body {@code line} says was cut off for {@code item}, when the next request may continue it: the same URL, and
   * its partial file a plain file (not a link) as long as the line allows; null otherwise (it is removed with the
   * other partial files no body continues).
   */
  private static Partial continuable(Path dir, JobItem item, JournalEntry line) throws IOException {
    if (line == null || !line.url().equals(item.url())) return null;
    Path file = OutputDir.partialFile(dir, item.fileName());
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return null;
    long size = Files.size(file);
    boolean fits = JournalEntry.CUT.equals(line.partial()) ? size == line.bytes() : size >= line.bytes();
    return fits && size > 0 ? new Partial(item.url(), item.fileName(), size, line.validator()) : null;
  }

  private record Candidate(int index, JournalEntry entry) {}

  private static boolean sameSize(Path file, JournalEntry entry) throws IOException {
    return Files.isRegularFile(file) && Files.size(file) == entry.bytes();
  }

  /** Hashes file after file, telling the progress as it reads. */
  private static final class Hashing {
    private final Progress progress;
    private final int ofFiles;
    private final long ofBytes;
    private final byte[] buffer = new byte[CHUNK];
    private int files;
    private long bytes;

    Hashing(Progress progress, int ofFiles, long ofBytes) {
      this.progress = progress;
      this.ofFiles = ofFiles;
      this.ofBytes = ofBytes;
      progress.checked(0, ofFiles, 0, ofBytes);
    }

    String sha256(Path file) throws IOException {
      MessageDigest digest = digest();
      try (InputStream in = Files.newInputStream(file)) {
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
          digest.update(buffer, 0, read);
          // Never past the total: a file that grew since its size was read is hashed whole all the same.
          bytes = Math.min(ofBytes, bytes + read);
          progress.checked(files, ofFiles, bytes, ofBytes);
        }
      } catch (NoSuchFileException gone) {
        return ""; // removed since its size was read: it matches nothing, and is fetched again
      }
      return HexFormat.of().formatHex(digest.digest());
    }

    void fileDone() {
      files++;
      progress.checked(files, ofFiles, bytes, ofBytes);
    }
  }

  static String sha256(Path file) throws IOException {
    return new Hashing(Progress.NONE, 1, Long.MAX_VALUE).sha256(file);
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
