package dev.fetchpipe.pipeline;

/**
 * A fetcher's bodies on their way to the writer: at most one write is with the writer and at most one waits for it to
 * end, so the bodies a fetcher holds in memory stay bounded while its next request is already under way. Plain data,
 * no actors, generic so that it is tested with plain values.
 *
 * @param <W> a write order
 */
final class WriteHandOff<W> {
  private W withWriter;
  private W waiting;

  /**
   * A new body to write: returns {@code write} when it may go to the writer now (nothing is with the writer), or null
   * when it waits for the write under way to end.
   *
   * @throws IllegalStateException when a write is already waiting: a fetcher takes no body while one waits
   */
  W offer(W write) {
    if (withWriter == null) {
      withWriter = write;
      return write;
    }
    if (waiting != null) throw new IllegalStateException("a second write waits while one is with the writer");
    waiting = write;
    return null;
  }

  /** The write with the writer ended: returns the waiting write, to send now (it is with the writer then), or null. */
  W ended() {
    if (withWriter == null) throw new IllegalStateException("no write was with the writer");
    withWriter = waiting;
    waiting = null;
    return withWriter;
  }

  /** True while a write is with the writer (its end not heard yet). */
  boolean writing() {
    return withWriter != null;
  }

  /** True while a body waits for the write under way to end. */
  boolean waiting() {
    return waiting != null;
  }
}
