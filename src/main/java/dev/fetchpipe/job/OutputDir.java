package dev.fetchpipe.job;

import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.report.PlainWords;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The job's output dir, ready for writing and held for the job: {@link #open} creates it with its parents, takes its
 * {@link OutputDirLock} (so a second fetchpipe run into the same dir stops with a clear error instead of racing),
 * proves a file can really be created there, and removes temporary files a killed earlier run left behind. Every
 * problem is a one-line {@link SettingsException} on {@value #KEY} (exit 2) before any fetch. {@link #close} releases
 * the lock, so a finished job leaves only its downloads.
 *
 * <p>The dir belongs to the user; fetchpipe's own files in it all start with '.', which no planned file name does
 * (see {@link FileNames}): the lock, temporary files {@code .NAME.<hex>}{@value #TEMP_SUFFIX}, and any journal.
 * {@link #resolveInside} is the last check before a file is created: it refuses any name that is not a plain entry
 * directly inside the dir.
 *
 * <p>It lives in the job package beside {@link FileNames} because the two are one contract about what may appear in
 * the dir: FileNames makes names that cannot leave it or clash with fetchpipe's own files, OutputDir enforces it.
 */
public final class OutputDir implements AutoCloseable {
  public static final String KEY = "fetchpipe.job.output-dir";
  /**
   * Locked while a job runs, holding the pid of the run that locks it; removed at {@link #close}. Nothing else in
   * the process may open it: closing any descriptor of a file drops every POSIX lock the process holds on it.
   */
  public static final String LOCK_FILE = ".fetchpipe.lock";
  /** How temporary files end; the same as the disk writer's ({@code AtomicFile.TEMP_SUFFIX}). */
  public static final String TEMP_SUFFIX = ".fetchpipe-part";
  /**
   * How a partial file ends: a body cut off part-way, kept for the next request to continue with Range. Not a
   * temporary file: it outlives its run, and only the next run's check removes it, when no body continues it.
   */
  public static final String PARTIAL_SUFFIX = ".fetchpipe-partial";

  private final Path dir;
  private final OutputDirLock lock;
  private final int staleTempFilesRemoved;
  private boolean closed;

  private OutputDir(Path dir, OutputDirLock lock, int staleTempFilesRemoved) {
    this.dir = dir;
    this.lock = lock;
    this.staleTempFilesRemoved = staleTempFilesRemoved;
  }

  /**
   * Creates {@code dir} with its parents when missing, locks it, checks a file can be written in it, and removes
   * stale temporary files (only once the lock is held, so never a file another run is still writing).
   *
   * @throws SettingsException on {@value #KEY}: not a directory, cannot be created or written, or in use
   */
  public static OutputDir open(Path dir) {
    create(dir);
    OutputDirLock lock = OutputDirLock.take(dir);
    try {
      probeWrite(dir);
      return new OutputDir(dir, lock, removeStaleTempFiles(dir));
    } catch (RuntimeException e) {
      lock.release();
      throw e;
    }
  }

  /** The dir as configured (relative paths stay relative, as the summary and report show them). */
  public Path path() {
    return dir;
  }

  /** How many temporary files of an earlier, killed run {@link #open} removed, for "removed N stale temporary files". */
  public int staleTempFilesRemoved() {
    return staleTempFilesRemoved;
  }

  /**
   * Removes temporary files once a job's writers have stopped: a body cut off as the job ended may leave one. Only
   * while this lock is held. Returns how many were removed.
   */
  public int removeTemporaryFiles() {
    return removeStaleTempFiles(dir);
  }

  /** {@link #resolveInside(Path, String)} for this dir. */
  public Path resolveInside(String fileName) {
    return resolveInside(dir, fileName);
  }

  /**
   * Where {@code fileName} goes in {@code dir}: call it before creating the file. Defence in depth behind
   * {@link FileNames}: the name must be one plain entry, or plain entries joined by '/' (subfolders a URL line asked
   * for), none empty or starting with '.', whose normalized absolute path is inside the dir's.
   *
   * @throws IllegalArgumentException (one line) for any other name: empty, with a backslash or NUL, ".", "..", hidden,
   *                                  an absolute path, an empty folder name
   */
  public static Path resolveInside(Path dir, String fileName) {
    if (fileName == null || fileName.isEmpty()) throw refused(dir, fileName, "it is empty");
    if (fileName.indexOf('\\') >= 0) throw refused(dir, fileName, "it has a backslash");
    if (fileName.indexOf('\0') >= 0) throw refused(dir, fileName, "it has a NUL character");
    for (String segment : fileName.split("/", -1)) {
      if (segment.isEmpty()) throw refused(dir, fileName, "it has an empty folder name or starts with /");
      if (segment.startsWith(".")) throw refused(dir, fileName, "names starting with '.' are fetchpipe's own or hidden");
    }
    Path absoluteDir = dir.toAbsolutePath().normalize();
    Path target = absoluteDir.resolve(fileName).normalize();
    if (!target.startsWith(absoluteDir) || !absoluteDir.relativize(target).toString().equals(fileName)) {
      throw refused(dir, fileName, "it does not resolve to an entry inside the dir");
    }
    return dir.resolve(fileName);
  }

  /**
   * Creates the folders {@code fileName} (see {@link #resolveInside}) lies in, under {@code dir}. A folder on the way
   * that is a symbolic link, or a file, is refused: a link made in the output dir must not carry a download
   * elsewhere. Blocking: only on the blocking-io dispatcher.
   *
   * @throws IOException with the reason in plain words
   */
  public static void createFolders(Path dir, String fileName) throws IOException {
    String[] segments = fileName.split("/");
    Path at = dir;
    for (int i = 0; i < segments.length - 1; i++) {
      at = at.resolve(segments[i]);
      if (Files.isSymbolicLink(at)) throw new IOException(at + " is a symbolic link; fetchpipe writes only into real folders");
      if (Files.exists(at, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException(at + " is a file, not a folder");
      }
      try {
        Files.createDirectory(at);
      } catch (FileAlreadyExistsException raced) {
        if (!Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) throw new IOException(at + " is not a folder");
      }
    }
  }

  /**
   * Where the body of {@code fileName} (see {@link #resolveInside}) is kept while it arrives, when it may be continued:
   * one name for the file, the same in every run, directly in {@code dir} and hidden as temporary files are:
   * ".NAME.<16 hex of the file name's SHA-256>.fetchpipe-partial", so files of one name in two folders differ.
   */
  public static Path partialFile(Path dir, String fileName) {
    String name = fileName.substring(fileName.lastIndexOf('/') + 1);
    byte[] hash;
    try {
      hash = java.security.MessageDigest.getInstance("SHA-256").digest(fileName.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    return dir.resolve("." + name + "." + HexFormat.of().formatHex(hash, 0, 8) + PARTIAL_SUFFIX);
  }

  /**
   * Removes the partial files in the dir that no body will continue: every one but {@code continued} (names as
   * {@link #partialFile} makes them). Only with the lock held. Returns how many were removed.
   */
  public int removePartialFilesBut(Set<Path> continued) {
    int removed = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, ".*" + PARTIAL_SUFFIX)) {
      for (Path entry : entries) {
        if (continued.contains(entry)) continue;
        try {
          Files.delete(entry); // a link is removed, not followed
          removed++;
        } catch (IOException e) {
          // left in place: hidden, and the next run tries again
        }
      }
    } catch (IOException e) {
      throw new SettingsException(KEY, "cannot list " + dir + ": " + describe(e));
    }
    return removed;
  }

  /** Removes the lock file and releases the lock (see {@link OutputDirLock#release}). Only the first call counts. */
  @Override
  public synchronized void close() {
    if (closed) return; // again, it could remove the lock file of a run that started since
    closed = true;
    lock.release();
  }

  private static void create(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      throw new SettingsException(KEY, dir + " exists and is not a directory");
    } catch (AccessDeniedException e) {
      Path refused = e.getFile() == null ? null : Path.of(e.getFile()).getParent();
      throw new SettingsException(KEY, "cannot create " + dir + ": permission denied" + (refused == null ? "" : " in " + refused));
    } catch (IOException | SecurityException e) {
      throw new SettingsException(KEY, "cannot create " + dir + ": " + reason(dir, e));
    }
    // createDirectories accepts a symbolic link to a directory, which is fine, and to nothing, which is not.
    if (!Files.isDirectory(dir)) throw new SettingsException(KEY, dir + " exists and is not a directory");
  }

  /** "/a/file is a file, not a directory" for the ancestor that is in the way, else the file system's own reason. */
  private static String reason(Path dir, Exception e) {
    for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        return Files.isDirectory(p) ? PlainWords.of(e, dir) : p + " is a file, not a directory";
      }
    }
    return PlainWords.of(e, dir);
  }

  /** The file system's reason for {@code e} in a few words. */
  static String describe(Exception e) {
    // The message names the directory already; the file refused in it (the lock, the probe) would only repeat it.
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return PlainWords.of(e);
  }

  /**
   * Really creates a file and deletes it: a permission check alone misses read-only file systems and ACLs. The probe
   * is named like a temporary file, so a run killed right here leaves nothing the next run would not clean.
   */
  private static void probeWrite(Path dir) {
    Path probe = dir.resolve(".fetchpipe-probe." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + TEMP_SUFFIX);
    try {
      Files.write(probe, new byte[] {'\n'}, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      Files.delete(probe);
    } catch (IOException e) {
      throw new SettingsException(KEY, "cannot write to " + dir + ": " + describe(e));
    }
  }

  /**
   * Deletes files named like temporary files ('.' first, {@value #TEMP_SUFFIX} last) directly in the dir. Only ever
   * called with the lock held, so none belongs to a run still going. One that cannot be deleted is left: it is
   * hidden and harmless, and not worth stopping the job for.
   */
  private static int removeStaleTempFiles(Path dir) {
    int removed = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, ".*" + TEMP_SUFFIX)) {
      for (Path entry : entries) {
        if (!Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) continue;
        try {
          Files.delete(entry);
          removed++;
        } catch (IOException e) {
          // left in place, see above
        }
      }
    } catch (IOException e) {
      throw new SettingsException(KEY, "cannot list " + dir + ": " + describe(e));
    }
    return removed;
  }

  private static IllegalArgumentException refused(Path dir, String fileName, String why) {
    return new IllegalArgumentException("refusing to write \"" + printable(fileName) + "\" in " + dir + ": " + why);
  }

  /** The name as a message may show it: control and formatting characters escaped, cut to 200 characters. */
  private static String printable(String fileName) {
    if (fileName == null) return "null";
    StringBuilder shown = new StringBuilder();
    for (char c : fileName.toCharArray()) {
      if (shown.length() >= 200) return shown + "...";
      boolean invisible = Character.isISOControl(c) || Character.getType(c) == Character.FORMAT;
      shown.append(invisible ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return shown.toString();
  }
}
