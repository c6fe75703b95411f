package dev.fetchpipe.pipeline;

import java.util.concurrent.atomic.LongAdder;

/**
 * What a job's fetchers count as they go, for its progress line, status and estimate of the time left: added to on
 * any thread (a body's stream, a fetcher), read by the supervisor. In a cluster each node counts its own. The body
 * bytes are also where the job's byte rates are held ({@link BodyBytes}), and beside them when each host's next
 * request may start ({@link HostGate}: its pause and pace).
 */
public final class FetchGauges {
  /** Body bytes as they arrive, held to the job's byte rates. */
  private final BodyBytes bytes;
  private final HostGate hosts;
  private final LongAdder bytesLeft = new LongAdder();
  private final LongAdder waitingToRetry = new LongAdder();

  /** Gauges of a job without byte rates. */
  public FetchGauges() {
    this(new BodyBytes(0, 0));
  }

  public FetchGauges(BodyBytes bytes) {
    this(bytes, new HostGate());
  }

  public FetchGauges(BodyBytes bytes, HostGate hosts) {
    this.bytes = bytes;
    this.hosts = hosts;
  }

  /** When each host's next request may start (a pause after a 429, the job's per-host pace). */
  public HostGate hosts() {
    return hosts;
  }

  /** The job's body bytes and their rates (which a resize changes). */
  public BodyBytes bytes() {
    return bytes;
  }

  /** Body bytes received so far, those of bodies still arriving included. */
  public long received() {
    return bytes.sum();
  }

  /** Bytes still to come of the bodies arriving now whose length the server declared. */
  public long bytesLeft() {
    return Math.max(0, bytesLeft.sum());
  }

  /** URLs whose fetcher waits to try them again (a backoff or the server's Retry-After): none of them is in flight. */
  public int waitingToRetry() {
    return (int) Math.max(0, waitingToRetry.sum());
  }

  void receivedBytes(long count) {
    bytes.add(count);
  }

  /** A body of this declared length starts (+) or has {@code -bytes} fewer to come (read, or cut off). */
  void bytesLeft(long bytes) {
    bytesLeft.add(bytes);
  }

  void waitingToRetry(boolean starts) {
    waitingToRetry.add(starts ? 1 : -1);
  }

  /** A gauge of one fetcher's URL waiting to retry. */
  Waiting waiting() {
    return new Waiting();
  }

  /** One fetcher's URL waiting to retry, or no longer: counted once each way, however often it is said. */
  final class Waiting {
    private boolean now;

    void set(boolean waiting) {
      if (now == waiting) return;
      now = waiting;
      waitingToRetry(waiting);
    }
  }
}
