package dev.fetchpipe.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.report.PlainWords;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The daemon's own folder: {@value #ADDRESS_FILE} (where it listens, its token and pid, mode 0600, read by the
 * clients), a lock held while the daemon runs (so two daemons never share one), and one folder per job under
 * {@code jobs/}: {@value #JOB_FILE} written before the job starts, {@value #STATUS_FILE} once it ended, and
 * {@value #REPORT_FILE}. Every file is written whole or not at all (a temporary file renamed into place), so a daemon
 * killed at any moment leaves nothing half-written. Blocking: use it from the blocking-io dispatcher or before the
 * actors start.
 */
public final class StateDir implements AutoCloseable {
  public static final String ADDRESS_FILE = "daemon.json";
  static final String LOCK_FILE = "daemon.lock";
  static final String JOB_FILE = "job.json";
  static final String STATUS_FILE = "status.json";
  static final String REPORT_FILE = "report.json";
  private static final ObjectMapper JSON = Json.MAPPER;

  /** The state dirs this process holds: a second daemon in one JVM (a test) is refused without touching the lock. */
  private static final java.util.Set<Path> HELD_HERE = new java.util.HashSet<>();

  private final Path dir;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private StateDir(Path dir, FileChannel lockChannel, FileLock lock) {
    this.dir = dir;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Creates the dir (mode 0700) when missing and locks it for this daemon.
   *
   * @throws SettingsException when it cannot be created or another daemon holds it
   */
  public static StateDir open(Path dir) {
    try {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Files.createDirectories(dir.resolve("jobs"));
    } catch (IOException | UnsupportedOperationException e) {
      throw new SettingsException("--state-dir", "cannot create " + dir + ": " + reason(e));
    }
    synchronized (HELD_HERE) {
      // Checked before the lock file is opened: closing any descriptor of it would drop the lock this process holds.
      if (!HELD_HERE.add(dir)) throw alreadyRunning(dir);
    }
    try {
      return lock(dir);
    } catch (RuntimeException e) {
      synchronized (HELD_HERE) {
        HELD_HERE.remove(dir);
      }
      throw e;
    }
  }

  private static SettingsException alreadyRunning(Path dir) {
    return new SettingsException("--state-dir", "a daemon is already running with " + dir
        + " (its address is in " + dir.resolve(ADDRESS_FILE) + "); stop it first or give another --state-dir");
  }

  private static StateDir lock(Path dir) {
    FileChannel channel = null;
    try {
      channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close();
        throw alreadyRunning(dir);
      }
      return new StateDir(dir, channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new SettingsException("--state-dir", "cannot lock " + dir.resolve(LOCK_FILE) + ": " + reason(e));
    }
  }

  public Path path() {
    return dir;
  }

  /** Says where this daemon listens and with which token: readable by this user alone (mode 0600). */
  public void writeAddress(DaemonAddress address) throws IOException {
    writeAtomically(dir.resolve(ADDRESS_FILE), JSON.writeValueAsBytes(address));
  }

  /** Written before the job's 201: from now on a restart of the daemon carries the job on. */
  void saveJob(StoredJob job) throws IOException {
    Path folder = jobFolder(job.id());
    Files.createDirectories(folder);
    writeAtomically(folder.resolve(JOB_FILE), JSON.writeValueAsBytes(job));
  }

  /** The job has ended for good (not cut off by the daemon stopping): its last status, never run again. */
  void saveFinished(String id, ObjectNode status, byte[] reportJson) throws IOException {
    Path folder = jobFolder(id);
    writeAtomically(folder.resolve(REPORT_FILE), reportJson);
    writeAtomically(folder.resolve(STATUS_FILE), JSON.writeValueAsBytes(status));
  }

  /** Only the report: the job was cut off by the daemon's stop and is carried on at its next start. */
  void saveReport(String id, byte[] reportJson) throws IOException {
    writeAtomically(jobFolder(id).resolve(REPORT_FILE), reportJson);
  }

  /** Where an ended job's report is kept (the file may not exist: a job that never started has none). */
  Path reportFile(String id) {
    return jobFolder(id).resolve(REPORT_FILE);
  }

  /** A job found at start: what was submitted, and its last status when it had ended (else null: carry it on). */
  record Found(StoredJob job, ObjectNode finalStatus) {}

  /** Every job kept here, oldest first; a folder that cannot be read is skipped with a warning on {@code warnings}. */
  List<Found> jobs(List<String> warnings) throws IOException {
    List<Found> found = new ArrayList<>();
    try (DirectoryStream<Path> folders = Files.newDirectoryStream(dir.resolve("jobs"), Files::isDirectory)) {
      for (Path folder : folders) {
        Path jobFile = folder.resolve(JOB_FILE);
        if (!Files.isRegularFile(jobFile)) continue;
        try {
          StoredJob job = JSON.readValue(jobFile.toFile(), StoredJob.class);
          Path statusFile = folder.resolve(STATUS_FILE);
          JsonNode status = Files.isRegularFile(statusFile) ? JSON.readTree(statusFile.toFile()) : null;
          found.add(new Found(job, status instanceof ObjectNode object ? object : null));
        } catch (IOException e) {
          warnings.add("skipped the job in " + folder + ": " + reason(e));
        }
      }
    }
    found.sort(Comparator.comparing((Found f) -> java.time.Instant.parse(f.job().submittedAt())).thenComparing(f -> f.job().id()));
    return found;
  }

  /** Removes daemon.json and releases the lock: a client then finds no daemon instead of a dead one. */
  @Override
  public void close() {
    try {
      Files.deleteIfExists(dir.resolve(ADDRESS_FILE));
    } catch (IOException e) {
      // A stale daemon.json is recognised by its pid anyway.
    }
    try {
      lock.release();
    } catch (IOException e) {
      // The lock ends with the channel, and with the process.
    }
    closeQuietly(lockChannel);
    synchronized (HELD_HERE) {
      HELD_HERE.remove(dir);
    }
  }

  private Path jobFolder(String id) {
    if (!JobIds.isValid(id)) throw new IllegalArgumentException("not a job id: " + id);
    return dir.resolve("jobs").resolve(id);
  }

  /** Written to a temporary file (mode 0600) beside the target, then renamed over it. */
  private static void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.write(temp, bytes);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static String reason(Exception e) {
    if (e instanceof FileSystemException fs && fs.getReason() != null) return fs.getReason();
    return PlainWords.of(e);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) return;
    try {
      channel.close();
    } catch (IOException e) {
      // nothing more to do
    }
  }
}
