package dev.fetchpipe.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fetchpipe.journal.Resume;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * How far a daemon job's check of the files an earlier run saved in its output dir is, as {@code checking} events:
 * the first at once (it says what is checked, and the job is answered 201 then, not after a check of many seconds),
 * then at most one an interval, and the last always. Called on the thread that opens the job (blocking-io), every
 * few hundred KiB read; {@code beforeFirst} runs once, before the first event (the job is kept in the state dir then,
 * so a job answered 201 is one a daemon killed mid-check finds again).
 */
final class JobCheck implements Resume.Progress {
  private final String outputDir;
  private final long intervalNanos;
  private final Runnable beforeFirst;
  private final Consumer<ObjectNode> events;
  private long startNanos;
  private long shownNanos;
  private boolean began;

  JobCheck(String outputDir, Duration interval, Runnable beforeFirst, Consumer<ObjectNode> events) {
    this.outputDir = outputDir;
    this.intervalNanos = interval.toNanos();
    this.beforeFirst = beforeFirst;
    this.events = events;
  }

  /** Whether a check began (there were files to check): the job has been answered with its first event. */
  boolean began() {
    return began;
  }

  @Override
  public void checked(int files, int ofFiles, long bytes, long ofBytes) {
    if (ofFiles == 0) return; // nothing to hash: nothing to say
    long now = System.nanoTime();
    if (!began) {
      beforeFirst.run();
      began = true;
      startNanos = now;
    } else if (files != ofFiles && now - shownNanos < intervalNanos) {
      return;
    }
    shownNanos = now;
    events.accept(json(outputDir, files, ofFiles, bytes, ofBytes, (now - startNanos) / 1_000_000));
  }

  /** A {@code checking} event's data (docs/daemon-api.md). */
  static ObjectNode json(String outputDir, int files, int ofFiles, long bytes, long ofBytes, long elapsedMs) {
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("outputDir", outputDir);
    json.put("files", files);
    json.put("ofFiles", ofFiles);
    json.put("bytes", bytes);
    json.put("ofBytes", ofBytes);
    json.put("elapsedMs", elapsedMs);
    return json;
  }
}
