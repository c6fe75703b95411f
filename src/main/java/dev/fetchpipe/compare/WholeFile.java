package dev.fetchpipe.compare;

import dev.fetchpipe.pipeline.AtomicFile;
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

/**
 * The pipeline's atomic write (pipeline.AtomicFile, whose write is package-private) for a body in a byte array:
 * written under a temporary name in the target's directory, then renamed into place in one step, so a file under its
 * final name is always whole. The temporary names are the pipeline's, so its clean-up of stale ones finds these too.
 * Blocking: the engines call it on the thread that fetched the body, which is the point of those engines.
 */
final class WholeFile {
  private WholeFile() {}

  /** What was written: its size and SHA-256 in hex. */
  record Written(long bytes, String sha256) {}

  static Written write(Path target, byte[] body, boolean fsync) throws IOException {
    Path temp = target.resolveSibling(
        "." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + AtomicFile.TEMP_SUFFIX);
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(body);
        while (buffer.hasRemaining()) channel.write(buffer);
        if (fsync) channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return new Written(body.length, sha256(body));
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
