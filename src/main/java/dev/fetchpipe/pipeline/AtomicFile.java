package dev.fetchpipe.pipeline;

import dev.fetchpipe.job.OutputDir;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.util.ByteString;

/**
 * Files are written under a temporary name in the target's directory, then renamed into place in one atomic step: a
 * file under its final name is always complete. Blocking: call it only on the blocking-io dispatcher.
 */
public final class AtomicFile {
  /** Temporary files start with '.' (no final name does) and end with this, so they are easy to find and clean. */
  public static final String TEMP_SUFFIX = OutputDir.TEMP_SUFFIX;

  private AtomicFile() {}

  /** What was written: its size and SHA-256 in hex. */
  public record Written(long bytes, String sha256) {}

  /** A fresh temporary name beside {@code target}; nothing is created. */
  static Path tempFor(Path target) {
    String random = Long.toHexString(ThreadLocalRandom.current().nextLong());
    return target.resolveSibling("." + target.getFileName() + "." + random + TEMP_SUFFIX);
  }

  /**
   * A fresh temporary name for {@code fileName} (a name, or a path in subfolders of {@code dir}): always directly in
   * {@code dir}, where a new run finds and removes what a killed one left, and on the same file system as the target,
   * so the rename stays atomic.
   */
  static Path tempIn(Path dir, String fileName) {
    return tempFor(dir.resolve(fileName.substring(fileName.lastIndexOf('/') + 1)));
  }

  /** A body whose SHA-256 is not the one its URL line asked for: nothing was written. */
  static final class Mismatch extends IOException {
    final String expected;
    final String got;

    Mismatch(String expected, String got) {
      super("checksum mismatch (expected " + expected + ", got " + got + ")");
      this.expected = expected;
      this.got = got;
    }
  }

  /** Writes the whole body to a temporary file, then moves it into place. */
  public static Written write(Path target, ByteString body, boolean fsync) throws IOException {
    return write(tempFor(target), target, body, fsync, null);
  }

  /**
   * Writes the whole body to {@code temp}, then moves it to {@code target}; when {@code expected} is set and the body's
   * SHA-256 is another, nothing is written ({@link Mismatch}).
   */
  static Written write(Path temp, Path target, ByteString body, boolean fsync, String expected) throws IOException {
    MessageDigest sha256 = sha256();
    try {
      // The body's own array when it is one (most are; read only here), else one copy. Its read-only ByteBuffers
      // would make MessageDigest copy every one of them into a scratch array first.
      byte[] bytes = body.toArrayUnsafe();
      sha256.update(bytes);
      String digest = HexFormat.of().formatHex(sha256.digest());
      if (expected != null && !expected.equals(digest)) throw new Mismatch(expected, digest);
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) channel.write(buffer);
        if (fsync) channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return new Written(body.size(), digest);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Moves an already written temporary file into place, flushing it to the device first when asked. */
  static void commit(Path temp, Path target, boolean fsync) throws IOException {
    try {
      if (fsync) {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
          channel.force(true);
        }
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** The SHA-256 of the whole of {@code file}, in hex. */
  static String sha256(Path file) throws IOException {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[256 * 1024];
    try (var in = Files.newInputStream(file)) {
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) digest.update(buffer, 0, read);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** A fresh SHA-256 digest. */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
