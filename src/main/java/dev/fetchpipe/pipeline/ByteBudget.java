package dev.fetchpipe.pipeline;

import java.util.function.LongSupplier;

/**
 * A byte rate held on a virtual clock, shared by whoever reads through it (every body of a job, or one body): each
 * chunk books its bytes' share of time after the last booking, and is told how long to wait until its turn. Time left
 * unused while nothing was read is kept only up to {@link #BURST_NANOS}, so a budget idle for a minute does not let a
 * minute's bytes through at once. Lock-light: one short synchronized booking per chunk, no thread ever waits here
 * (the waiting is the reader's, see {@link PacedBody}). The rate may change at any time; bookings made at the old rate
 * stand, the next starts afresh from now.
 */
final class ByteBudget {
  /** Unused time a budget keeps: what lets a short burst through after a pause, and no more. */
  static final long BURST_NANOS = 100_000_000L;

  private final LongSupplier nanoTime;
  /** Bytes a second, or 0 for no limit. */
  private long rate;
  /** When the next byte may pass, on {@code nanoTime}'s clock. */
  private long next;

  /** @param rate bytes a second, 0 for no limit */
  ByteBudget(long rate, LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.rate = rate;
    this.next = nanoTime.getAsLong();
  }

  ByteBudget(long rate) {
    this(rate, System::nanoTime);
  }

  /** Books {@code bytes} and returns how many nanoseconds to wait before passing them (0: pass now). */
  synchronized long book(long bytes) {
    if (rate <= 0) return 0;
    long now = nanoTime.getAsLong();
    long start = Math.max(next, now - BURST_NANOS);
    next = start + nanosFor(bytes);
    return Math.max(0, start - now);
  }

  /** Another rate from now on (0: no limit). Unchanged, it changes nothing, so a repeated order costs no time. */
  synchronized void rate(long bytesPerSecond) {
    if (bytesPerSecond == rate) return;
    rate = bytesPerSecond;
    next = nanoTime.getAsLong();
  }

  synchronized long rate() {
    return rate;
  }

  private long nanosFor(long bytes) {
    // Exact for any rate and chunk fetchpipe sees; a double keeps 1 byte at 1 GiB/s from rounding to nothing.
    return (long) Math.ceil(bytes * 1e9 / rate);
  }
}
