package dev.fetchpipe.job;

import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.report.PlainWords;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The job's output dir, ready for writing and held for the job: {@link #open} creates it with its parents, takes an
 * exclusive lock on {@value #LOCK_FILE} in it (so a second fetchpipe run into the same dir stops with a clear error
 * instead of racing), proves a file can really be created there, and removes temporary files a killed earlier run
 * left behind. Every problem is a one-line {@link SettingsException} on {@value #KEY} (exit 2) before any fetch.
 * {@link #close} removes the lock file and releases the lock, so a finished job leaves only its downloads. The lock
 * is the operating system's ({@link FileChannel#tryLock()}): it ends with the process, so a killed run never leaves
 * the dir locked.
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
   * The lock files this process holds, by file key: a second job here is refused without opening the file. Guarded,
   * with every opening, creating and closing of lock files, by {@code IN_PROCESS}: closing any descriptor of a file
   * (even the one {@code Files.createFile} opens and closes) drops every POSIX lock this process holds on it, so lock
   * files are only created, opened and closed under this monitor, and one this process holds is never opened again.
   */
  private static final Set<Object> HELD_HERE = new HashSet<>();
  private static final Object IN_PROCESS = new Object();
  private static final int LOCK_ATTEMPTS = 10;

  private final Path dir;
  private final Lock lock;
  private final int staleTempFilesRemoved;
  private boolean closed;

  private record Lock(Path file, Object fileKey, FileChannel channel, FileLock fileLock) {}

  private OutputDir(Path dir, Lock lock, int staleTempFilesRemoved) {
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
    Lock lock = lock(dir);
    try {
      recordOwner(dir, lock.channel());
      probeWrite(dir);
      return new OutputDir(dir, lock, removeStaleTempFiles(dir));
    } catch (RuntimeException e) {
      release(lock);
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
   * {@link FileNames}: the name must be one plain entry, not starting with '.', whose normalized absolute path is a
   * direct child of the dir's.
   *
   * @throws IllegalArgumentException (one line) for any other name: empty, with a separator or NUL, ".", "..", hidden
   */
  public static Path resolveInside(Path dir, String fileName) {
    if (fileName == null || fileName.isEmpty()) throw refused(dir, fileName, "it is empty");
    if (fileName.indexOf('/') >= 0 || fileName.indexOf('\\') >= 0) throw refused(dir, fileName, "it has a path separator");
    if (fileName.indexOf('\0') >= 0) throw refused(dir, fileName, "it has a NUL character");
    if (fileName.startsWith(".")) throw refused(dir, fileName, "names starting with '.' are fetchpipe's own or hidden");
    Path absoluteDir = dir.toAbsolutePath().normalize();
    Path target = absoluteDir.resolve(fileName).normalize();
    if (!absoluteDir.equals(target.getParent()) || !target.getFileName().toString().equals(fileName)) {
      throw refused(dir, fileName, "it does not resolve to an entry directly inside the dir");
    }
    return dir.resolve(fileName);
  }

  /** Removes the lock file and releases the lock, in that order (see {@link #lock}). Only the first call counts. */
  @Override
  public synchronized void close() {
    if (closed) return; // again, it could remove the lock file of a run that started since
    closed = true;
    release(lock);
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

  private static String describe(Exception e) {
    return PlainWords.of(e);
  }

  /**
   * Locks {@value #LOCK_FILE} in {@code dir}. Because the file is removed when a run ends, a run may open the file
   * just as its last holder removes it and lock a file that is no longer there, while a third run creates and locks
   * a new one. So the lock only counts when the path still names the very file that was opened and locked: the same
   * file key before opening, after opening and after locking (a file this process has open cannot be replaced by one
   * reusing its key, and only a holder ever removes the file). Otherwise it tries again.
   */
  private static Lock lock(Path dir) {
    synchronized (IN_PROCESS) {
      return lockInProcess(dir);
    }
  }

  private static Lock lockInProcess(Path dir) {
    Path file = dir.resolve(LOCK_FILE);
    for (int attempt = 0; attempt < LOCK_ATTEMPTS; attempt++) {
      Object key = fileKey(dir, file);
      if (key == null) {
        createLockFile(dir, file);
        continue;
      }
      // Refused before the file is opened: a second descriptor here, once closed, would drop the first job's lock.
      if (!HELD_HERE.add(key)) throw new OutputDirBusyException(dir + " is in use by another fetchpipe job in this process");
      FileChannel channel = null;
      boolean locked = false;
      try {
        channel = openLockFile(dir, file);
        if (key.equals(fileKey(dir, file))) {
          FileLock fileLock = tryLock(dir, channel);
          if (key.equals(fileKey(dir, file))) {
            locked = true;
            return new Lock(file, key, channel, fileLock);
          }
        }
      } finally {
        if (!locked) {
          if (channel != null) closeQuietly(channel);
          HELD_HERE.remove(key);
        }
      }
    }
    throw new SettingsException(KEY, "cannot lock " + file + ": it was replaced " + LOCK_ATTEMPTS + " times in a row");
  }

  /** The file's identity (device and inode on Linux), or null when there is no such file. Opens nothing. */
  private static Object fileKey(Path dir, Path file) {
    try {
      Object key = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
      if (key == null) throw new SettingsException(KEY, "cannot lock " + file + ": the file system gives files no identity");
      return key;
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new SettingsException(KEY, "cannot write to " + dir + ": " + describe(e));
    }
  }

  private static void createLockFile(Path dir, Path file) {
    try {
      Files.createFile(file);
    } catch (FileAlreadyExistsException e) {
      // another run made it first: fine, it is locked below
    } catch (IOException e) {
      throw new SettingsException(KEY, "cannot write to " + dir + ": " + describe(e));
    }
  }

  private static FileChannel openLockFile(Path dir, Path file) {
    try {
      return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new SettingsException(KEY, "cannot write to " + dir + ": " + describe(e));
    }
  }

  private static FileLock tryLock(Path dir, FileChannel channel) {
    FileLock fileLock;
    try {
      fileLock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      throw new OutputDirBusyException(dir + " is in use by another fetchpipe job in this process");
    } catch (IOException e) {
      throw new SettingsException(KEY, "cannot lock " + dir.resolve(LOCK_FILE) + ": " + describe(e));
    }
    if (fileLock == null) {
      String owner = owner(channel);
      throw new OutputDirBusyException(dir + " is in use by another fetchpipe run" + (owner.isEmpty() ? "" : " (pid " + owner + ")")
          + "; wait for it to end or choose another output dir");
    }
    return fileLock;
  }

  /** Removes the lock file while still holding the lock, so no run can lock it after us and lose it. */
  private static void release(Lock lock) {
    synchronized (IN_PROCESS) {
      try {
        Files.deleteIfExists(lock.file());
      } catch (IOException ignored) {
        // left behind, it is reused by the next run
      }
      closeQuietly(lock.channel()); // releases the lock too
      HELD_HERE.remove(lock.fileKey());
    }
  }

  /** Our pid in the lock file, so the next run's "in use" message can name us. */
  private static void recordOwner(Path dir, FileChannel channel) {
    try {
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
    } catch (IOException e) {
      throw new SettingsException(KEY, "cannot write to " + dir + ": " + describe(e));
    }
  }

  /** The pid the lock's holder wrote, or "" when it cannot be read (it is only for the message). */
  private static String owner(FileChannel channel) {
    try {
      ByteBuffer buffer = ByteBuffer.allocate(32);
      channel.read(buffer, 0);
      String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
      return text.matches("\\d{1,19}") ? text : "";
    } catch (IOException e) {
      return "";
    }
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

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing more to release
    }
  }
}
