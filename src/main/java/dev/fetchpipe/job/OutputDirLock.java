package dev.fetchpipe.job;

import dev.fetchpipe.config.SettingsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/**
 * The exclusive lock a job holds on its output dir: {@value OutputDir#LOCK_FILE} in it, locked with the operating
 * system's lock ({@link FileChannel#tryLock()}) and holding the holder's pid, so a second fetchpipe run into the same
 * dir stops with a clear error (naming that pid) instead of racing. The lock ends with the process, so a killed run
 * never leaves the dir locked; {@link #release} removes the file first, so a finished job leaves only its downloads.
 *
 * <p>POSIX locks belong to the process, and closing any descriptor of a file drops every lock the process holds on
 * it. So a second job of this process is refused before the file is opened again, and lock files are only created,
 * opened and closed under one monitor.
 */
final class OutputDirLock {
  /**
   * The lock files this process holds, by file key: a second job here is refused without opening the file. Guarded,
   * with every opening, creating and closing of lock files, by {@code IN_PROCESS}: closing any descriptor of a file
   * (even the one {@code Files.createFile} opens and closes) drops every POSIX lock this process holds on it, so lock
   * files are only created, opened and closed under this monitor, and one this process holds is never opened again.
   */
  private static final Set<Object> HELD_HERE = new HashSet<>();
  private static final Object IN_PROCESS = new Object();
  private static final int LOCK_ATTEMPTS = 10;

  private final Path file;
  private final Object fileKey;
  private final FileChannel channel;

  private OutputDirLock(Path file, Object fileKey, FileChannel channel) {
    this.file = file;
    this.fileKey = fileKey;
    this.channel = channel;
  }

  /**
   * Locks {@code dir}, which must exist, and writes this process's pid into the lock file.
   *
   * @throws OutputDirBusyException when another job holds it, in this process or another
   * @throws SettingsException      on {@value OutputDir#KEY} when the lock file cannot be made, opened or locked
   */
  static OutputDirLock take(Path dir) {
    OutputDirLock lock;
    synchronized (IN_PROCESS) {
      lock = lockInProcess(dir);
    }
    try {
      lock.recordOwner(dir);
      return lock;
    } catch (RuntimeException e) {
      lock.release();
      throw e;
    }
  }

  /** Removes the lock file while still holding the lock, so no run can lock it after us and lose it. */
  void release() {
    synchronized (IN_PROCESS) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // left behind, it is reused by the next run
      }
      closeQuietly(channel); // releases the lock too
      HELD_HERE.remove(fileKey);
    }
  }

  /**
   * Because the file is removed when a run ends, a run may open the file just as its last holder removes it and lock a
   * file that is no longer there, while a third run creates and locks a new one. So the lock only counts when the path
   * still names the very file that was opened and locked: the same file key before opening, after opening and after
   * locking (a file this process has open cannot be replaced by one reusing its key, and only a holder ever removes
   * the file). Otherwise it tries again.
   */
  private static OutputDirLock lockInProcess(Path dir) {
    Path file = dir.resolve(OutputDir.LOCK_FILE);
    for (int attempt = 0; attempt < LOCK_ATTEMPTS; attempt++) {
      Object key = fileKey(dir, file);
      if (key == null) {
        createLockFile(dir, file);
        continue;
      }
      // Refused before the file is opened: a second descriptor here, once closed, would drop the first job's lock.
      if (!HELD_HERE.add(key)) throw inUseHere(dir);
      FileChannel channel = null;
      boolean locked = false;
      try {
        channel = openLockFile(dir, file);
        if (key.equals(fileKey(dir, file))) {
          tryLock(dir, channel);
          if (key.equals(fileKey(dir, file))) {
            locked = true;
            return new OutputDirLock(file, key, channel);
          }
        }
      } finally {
        if (!locked) {
          if (channel != null) closeQuietly(channel);
          HELD_HERE.remove(key);
        }
      }
    }
    throw new SettingsException(OutputDir.KEY, "cannot lock " + file + ": it was replaced " + LOCK_ATTEMPTS + " times in a row");
  }

  /** The file's identity (device and inode on Linux), or null when there is no such file. Opens nothing. */
  private static Object fileKey(Path dir, Path file) {
    try {
      Object key = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
      if (key == null) {
        throw new SettingsException(OutputDir.KEY, "cannot lock " + file + ": the file system gives files no identity");
      }
      return key;
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw cannotWrite(dir, e);
    }
  }

  private static void createLockFile(Path dir, Path file) {
    try {
      Files.createFile(file);
    } catch (FileAlreadyExistsException e) {
      // another run made it first: fine, it is locked below
    } catch (IOException e) {
      throw cannotWrite(dir, e);
    }
  }

  private static FileChannel openLockFile(Path dir, Path file) {
    try {
      return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw cannotWrite(dir, e);
    }
  }

  private static FileLock tryLock(Path dir, FileChannel channel) {
    FileLock fileLock;
    try {
      fileLock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      throw inUseHere(dir);
    } catch (IOException e) {
      throw new SettingsException(OutputDir.KEY, "cannot lock " + dir.resolve(OutputDir.LOCK_FILE) + ": " + OutputDir.describe(e));
    }
    if (fileLock == null) {
      String owner = owner(channel);
      throw new OutputDirBusyException(dir + " is in use by another fetchpipe run" + (owner.isEmpty() ? "" : " (pid " + owner + ")")
          + "; wait for it to end or choose another output dir");
    }
    return fileLock;
  }

  /** Our pid in the lock file, so the next run's "in use" message can name us. */
  private void recordOwner(Path dir) {
    try {
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
    } catch (IOException e) {
      throw cannotWrite(dir, e);
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

  private static OutputDirBusyException inUseHere(Path dir) {
    return new OutputDirBusyException(dir + " is in use by another fetchpipe job in this process");
  }

  private static SettingsException cannotWrite(Path dir, IOException e) {
    return new SettingsException(OutputDir.KEY, "cannot write to " + dir + ": " + OutputDir.describe(e));
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing more to release
    }
  }
}
