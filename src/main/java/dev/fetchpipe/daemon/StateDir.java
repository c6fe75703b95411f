package dev.fetchpipe.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fetchpipe.config.DaemonSettings;
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
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The daemon's own folder: {@value #ADDRESS_FILE} (where it listens, its token and pid, mode 0600, read by the
 * clients), a lock held while the daemon runs (so two daemons never share one), and one folder per job under
 * {@code jobs/}: {@value #JOB_FILE} written before the job starts, {@value #STATUS_FILE} once it ended, and
 * {@value #REPORT_FILE}. Every file is written whole or not at all (a temporary file renamed into place), so a daemon
 * killed at any moment leaves nothing half-written. The dir, {@code jobs/} and every job's folder are for the daemon's
 * user alone (mode 0700, made so at each start whatever they were). A job folder that cannot be read is moved to
 * {@code jobs/broken/} and the daemon starts without it. Blocking: use it from the blocking-io dispatcher or before the
 * actors start.
 */
public final class StateDir implements AutoCloseable {
  public static final String ADDRESS_FILE = "daemon.json";
  /** Written by the run that started this daemon, until the daemon's address is there (client.BackgroundDaemon). */
  public static final String STARTING_FILE = "daemon.starting";
  static final String LOCK_FILE = "daemon.lock";
  static final String JOB_FILE = "job.json";
  static final String STATUS_FILE = "status.json";
  static final String REPORT_FILE = "report.json";
  static final String JOBS_DIR = "jobs";
  /** Where job folders that cannot be read are moved, under jobs/. */
  static final String BROKEN_DIR = "broken";
  static final String FILES_DIR = DaemonSettings.STATE_FILES_DIR;
  private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");
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
      makePrivateDir(dir);
      makePrivateDir(dir.resolve(JOBS_DIR));
    } catch (IOException | UnsupportedOperationException e) {
      throw new SettingsException("--state-dir", "cannot create " + dir + " for this user alone: " + reason(e));
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

  /** Creates the folder (0700) when missing, and makes it 0700 when it was looser. */
  private static void makePrivateDir(Path dir) throws IOException {
    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PRIVATE));
    if (!Files.getPosixFilePermissions(dir).equals(PRIVATE)) Files.setPosixFilePermissions(dir, PRIVATE);
  }

  private static SettingsException alreadyRunning(Path dir) {
    return new SettingsException("--state-dir", "a daemon is already running with " + dir
        + " (its address is in " + dir.resolve(ADDRESS_FILE) + "); stop it first (fetchpipe daemon --stop) or give"
        + " another --state-dir");
  }

  /**
   * The operating system's lock on daemon.lock (released with the process, however it ends). A lock file deleted
   * under a running daemon no longer shows it: then daemon.json, which names the running daemon's pid, does.
   */
  private static StateDir lock(Path dir) {
    FileChannel channel = null;
    try {
      channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close();
        throw alreadyRunning(dir);
      }
      StateDir stateDir = new StateDir(dir, channel, lock);
      if (DaemonLiveness.namesAnotherLiveDaemon(dir.resolve(ADDRESS_FILE))) {
        lock.release();
        channel.close();
        throw alreadyRunning(dir);
      }
      return stateDir;
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
    makePrivateDir(folder);
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

  /**
   * A job found at start: what was submitted, and its last status when it had ended (else null: carry it on).
   *
   * @param endedAt when it ended (its status file's time), or null
   */
  record Found(StoredJob job, ObjectNode finalStatus, Instant endedAt) {}

  /**
   * Every job kept here, oldest first. A folder that cannot be read is moved to jobs/broken/, and a status that cannot
   * be read is rebuilt; each is one line on {@code warnings}.
   */
  List<Found> jobs(List<String> warnings) throws IOException {
    List<Found> found = new ArrayList<>();
    Path jobs = dir.resolve(JOBS_DIR);
    List<Path> folders;
    try (Stream<Path> entries = Files.list(jobs)) {
      folders = entries.filter(path -> Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS))
          .filter(path -> !path.getFileName().toString().equals(BROKEN_DIR)).sorted().toList();
    }
    for (Path folder : folders) {
      try {
        makePrivateDir(folder);
        StoredJob job = readJob(folder);
        Path statusFile = folder.resolve(STATUS_FILE);
        if (!Files.exists(statusFile, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          found.add(new Found(job, null, null));
          continue;
        }
        Instant endedAt = Files.getLastModifiedTime(statusFile).toInstant();
        ObjectNode status = readStatus(statusFile);
        if (status == null) {
          status = StatusRebuild.of(job, folder.resolve(REPORT_FILE));
          writeAtomically(statusFile, JSON.writeValueAsBytes(status));
          Files.setLastModifiedTime(statusFile, FileTime.from(endedAt));
          warnings.add("job " + job.id() + ": its " + STATUS_FILE + " could not be read; " + status.path("rebuilt").asText());
        }
        found.add(new Found(job, status, endedAt));
      } catch (Unreadable | IOException e) {
        warnings.add(moveAside(folder, e.getMessage()));
      }
    }
    found.sort(Comparator.comparing((Found f) -> Instant.parse(f.job().submittedAt())).thenComparing(f -> f.job().id()));
    return found;
  }

  /** Why a job folder cannot be used. */
  private static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreadable(String message) {
      super(message);
    }
  }

  /** The folder's job.json, checked for everything the daemon relies on. */
  private static StoredJob readJob(Path folder) throws Unreadable {
    Path file = folder.resolve(JOB_FILE);
    String name = folder.getFileName().toString();
    if (!JobIds.isValid(name)) throw new Unreadable("its name is not a job id");
    if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) throw new Unreadable("it has no " + JOB_FILE);
    StoredJob job;
    try {
      job = JSON.readValue(file.toFile(), StoredJob.class);
    } catch (IOException e) {
      throw new Unreadable("its " + JOB_FILE + " is not a job: " + firstLine(e));
    }
    if (job == null) throw new Unreadable("its " + JOB_FILE + " is empty");
    if (!name.equals(job.id())) throw new Unreadable("its " + JOB_FILE + " names another id");
    if (job.config() == null || job.config().isBlank()) throw new Unreadable("its " + JOB_FILE + " has no config");
    try {
      Instant.parse(String.valueOf(job.submittedAt()));
    } catch (DateTimeParseException e) {
      throw new Unreadable("its " + JOB_FILE + " has no submittedAt date");
    }
    for (String end : java.util.Arrays.asList(job.report(), job.timeline())) {
      if (end != null && !isAbsolutePath(end)) throw new Unreadable("its " + JOB_FILE + " names an end file that is no absolute path");
    }
    return job;
  }

  private static boolean isAbsolutePath(String path) {
    try {
      return Path.of(path).isAbsolute();
    } catch (java.nio.file.InvalidPathException e) {
      return false;
    }
  }

  /** The status file's object when it is one with a state, else null. */
  private static ObjectNode readStatus(Path file) {
    try {
      JsonNode status = JSON.readTree(file.toFile());
      return status instanceof ObjectNode object && object.path("state").isTextual() ? object : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Moves a job folder that cannot be read to jobs/broken/ (never over another); returns the line that says so. */
  private String moveAside(Path folder, String why) {
    Path broken = dir.resolve(JOBS_DIR).resolve(BROKEN_DIR);
    try {
      makePrivateDir(broken);
      Path target = broken.resolve(folder.getFileName());
      for (int n = 2; Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS); n++) {
        target = broken.resolve(folder.getFileName() + "-" + n);
      }
      Files.move(folder, target, StandardCopyOption.ATOMIC_MOVE);
      return "moved the job folder " + folder + " to " + target + ": " + why;
    } catch (IOException e) {
      return "skipped the job folder " + folder + " (" + why + "), and could not move it to " + broken + ": " + reason(e);
    }
  }

  /** Deletes the folders of pruned jobs on {@code blockingIo}, logging a folder that cannot be deleted. */
  void deleteLater(List<String> ids, java.util.concurrent.Executor blockingIo, org.slf4j.Logger log) {
    blockingIo.execute(() -> {
      for (String id : ids) {
        try {
          delete(id);
        } catch (IOException | RuntimeException e) {
          log.warn("job {} was pruned (daemon.keep-ended), but its folder could not be deleted: {}", id, e.toString());
        }
      }
    });
  }

  /** Deletes an ended job's folder: it is pruned (daemon.keep-ended). */
  void delete(String id) throws IOException {
    Path folder = jobFolder(id);
    if (!Files.exists(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path path : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
    }
  }

  private static String firstLine(IOException e) {
    String message = e instanceof com.fasterxml.jackson.core.JsonProcessingException json ? json.getOriginalMessage()
        : reason(e);
    return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("").strip();
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
    return dir.resolve(JOBS_DIR).resolve(id);
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
