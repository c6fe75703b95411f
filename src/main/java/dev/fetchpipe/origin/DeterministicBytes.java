package dev.fetchpipe.origin;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The body of {@code /bytes/{n}}: n pseudo-random bytes that are the same for every request and every JVM.
 *
 * <p>{@link java.util.Random} is used because its algorithm and seeding are fixed by its specification, so the
 * stream cannot change with the Java version. The bytes are produced in chunks as the client reads them: a
 * 100 MB answer never sits in memory. Chunks are a multiple of four bytes, which {@code Random.nextBytes}
 * consumes whole, so {@code /bytes/n} is always a prefix of {@code /bytes/m} for n below m.
 */
final class DeterministicBytes {

  private static final long SEED = 0x6665746368706970L; // "fetchpip"
  private static final int CHUNK_SIZE = 64 * 1024;

  private DeterministicBytes() {}

  /** n bytes as a stream; each materialization starts again from the seed. */
  static Source<ByteString, NotUsed> stream(long n) {
    return Source.fromIterator(() -> new Chunks(n));
  }

  /** The same n bytes, cut into pieces of at most pieceSize bytes (slices, not copies): for a slow trickle. */
  static Source<ByteString, NotUsed> stream(long n, int pieceSize) {
    if (pieceSize < 1) {
      throw new IllegalArgumentException("piece size must be positive: " + pieceSize);
    }
    return stream(n).mapConcat(chunk -> {
      List<ByteString> pieces = new ArrayList<>(chunk.size() / pieceSize + 1);
      for (int from = 0; from < chunk.size(); from += pieceSize) {
        pieces.add(chunk.slice(from, Math.min(chunk.size(), from + pieceSize)));
      }
      return pieces;
    });
  }

  /** Bytes {@code from} (inclusive) to {@code to} (exclusive) of the same stream: what a range of /bytes/n sends. */
  static Source<ByteString, NotUsed> range(long from, long to) {
    if (from < 0 || to < from) throw new IllegalArgumentException("no such range: " + from + " to " + to);
    return Source.fromIterator(() -> new Chunks(to)).statefulMapConcat(() -> {
      long[] at = {0};
      return chunk -> {
        long start = at[0];
        at[0] += chunk.size();
        if (at[0] <= from) return List.of();
        return List.of(start >= from ? chunk : chunk.drop((int) (from - start)));
      };
    });
  }

  private static final class Chunks implements Iterator<ByteString> {
    private final Random random = new Random(SEED);
    private long remaining;

    Chunks(long n) {
      this.remaining = n;
    }

    @Override
    public boolean hasNext() {
      return remaining > 0;
    }

    @Override
    public ByteString next() {
      if (remaining <= 0) {
        throw new NoSuchElementException();
      }
      byte[] chunk = new byte[(int) Math.min(remaining, CHUNK_SIZE)];
      random.nextBytes(chunk);
      remaining -= chunk.length;
      // The array is never touched again, so it can back the ByteString without a copy.
      return ByteString.fromArrayUnsafe(chunk);
    }
  }
}
