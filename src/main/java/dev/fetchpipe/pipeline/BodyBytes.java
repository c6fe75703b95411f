package dev.fetchpipe.pipeline;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.util.ByteString;

/**
 * A job's body bytes (a node's, in a cluster): counted as they arrive, for the progress line, and held to the job's
 * byte rates, fetch.max-bytes-per-second for all its bodies together (one {@link ByteBudget} every fetcher shares) and
 * fetch.max-bytes-per-second-per-url for each. Both may change while the job runs: bodies under way follow at once.
 */
public final class BodyBytes {
  private final LongAdder received = new LongAdder();
  private final ByteBudget job;
  private volatile long perUrl;

  /**
   * @param jobRate    bytes a second for every body together, 0 for no limit
   * @param perUrlRate bytes a second for each body, 0 for no limit
   */
  public BodyBytes(long jobRate, long perUrlRate) {
    this.job = new ByteBudget(jobRate);
    this.perUrl = perUrlRate;
  }

  /** Counts bytes that arrived. */
  void add(long count) {
    received.add(count);
  }

  /** Bytes arrived so far. */
  public long sum() {
    return received.sum();
  }

  /** New rates, for bodies under way too (0: no limit). */
  public void rates(long jobRate, long perUrlRate) {
    job.rate(jobRate);
    perUrl = perUrlRate;
  }

  public long jobRate() {
    return job.rate();
  }

  public long perUrlRate() {
    return perUrl;
  }

  /** True when a rate holds bodies back now. */
  boolean paced() {
    return job.rate() > 0 || perUrl > 0;
  }

  /** A budget of one body's own, at the per-URL rate (which it follows as it changes, see {@link #book}). */
  ByteBudget urlBudget() {
    return new ByteBudget(perUrl);
  }

  /**
   * Books a chunk of {@code size} bytes of the body whose budget is {@code own}: the nanoseconds it waits, the longer
   * of the job's and its own. The job's budget books the bytes as passing at once even when the body's own rate holds
   * them longer; that only errs on the slow side.
   */
  long book(int size, ByteBudget own) {
    own.rate(perUrl);
    return Math.max(job.book(size), own.book(size));
  }

  /** The stage that holds one body to the rates, with the fetch's idle timeout counted only while the server is asked. */
  Flow<ByteString, ByteString, NotUsed> pace(Duration idleTimeout) {
    return Flow.fromGraph(new PacedBody(this, idleTimeout));
  }
}
