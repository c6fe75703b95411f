package dev.fetchpipe.daemon;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fetchpipe.pipeline.JobLimits;
import dev.fetchpipe.pipeline.JobStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * A job's numbers over time, from its start, as the live page's chart draws them: a page opened late (or opened again)
 * gets the whole series when it subscribes (a {@code series} event), not only what happens after. Bounded: past
 * {@link #MOST} samples every other one is dropped and the spacing doubles, so a job of hours keeps a few thousand
 * numbers, evenly spread, and the latest moments are never lost. Plain data, kept by its daemon job ({@link JobAudience}).
 */
final class JobSeries {
  /** The most samples kept; the page draws a few hundred pixels wide, so more would not be seen. */
  static final int MOST = 1200;
  /** What each sample holds, in order: the names the page reads. */
  static final List<String> FIELDS = List.of("t", "inFlight", "queued", "busy", "ok", "done", "maxInFlight", "writerThreads");

  /** One moment: milliseconds since the job started, and the counts then. */
  record Sample(long t, int inFlight, int queued, int busy, int ok, int done, int maxInFlight, int writerThreads) {}

  private final List<Sample> samples = new ArrayList<>();
  /** A sample closer than this to the one before is not kept (it grows as the series is thinned). */
  private long spacingMs;

  /** @param spacingMs the least time between two samples kept at first: how often the job reports its progress */
  JobSeries(long spacingMs) {
    this.spacingMs = Math.max(1, spacingMs);
  }

  /** The status as a sample; one too soon after the last kept is dropped, unless it ends the job. */
  void add(JobStatus status, int writerThreadsBusy) {
    JobLimits limits = status.limits();
    // In a cluster max-in-flight is each node's: the job's, which its in-flight count is drawn against, is that times its nodes.
    int nodes = status.nodes() == null ? 1 : Math.max(1, status.nodes().size());
    Sample sample = new Sample(status.elapsedMs(), status.inFlight(), status.queued(), writerThreadsBusy,
        status.counts().ok(), status.done(), limits == null ? 0 : limits.maxInFlight() * nodes, limits == null ? 0 : limits.writerThreads());
    boolean last = status.state() == JobStatus.State.DONE;
    if (!samples.isEmpty()) {
      Sample before = samples.get(samples.size() - 1);
      if (sample.t() < before.t()) return;
      if (sample.t() - before.t() < spacingMs && !last) return;
    }
    samples.add(sample);
    if (samples.size() > MOST) thin();
  }

  /** Every other sample dropped, the first and the last kept; from now on, samples twice as far apart. */
  private void thin() {
    List<Sample> kept = new ArrayList<>(samples.size() / 2 + 2);
    for (int i = 0; i < samples.size(); i += 2) kept.add(samples.get(i));
    Sample newest = samples.get(samples.size() - 1);
    if (kept.get(kept.size() - 1) != newest) kept.add(newest);
    samples.clear();
    samples.addAll(kept);
    spacingMs *= 2;
  }

  int size() {
    return samples.size();
  }

  /** The {@code series} event's data: {"fields": [...], "samples": [[t, inFlight, ...], ...]}. */
  ObjectNode json() {
    ObjectNode data = Json.MAPPER.createObjectNode();
    ArrayNode fields = data.putArray("fields");
    FIELDS.forEach(fields::add);
    ArrayNode rows = data.putArray("samples");
    for (Sample s : samples) {
      rows.addArray().add(s.t()).add(s.inFlight()).add(s.queued()).add(s.busy()).add(s.ok()).add(s.done())
          .add(s.maxInFlight()).add(s.writerThreads());
    }
    return data;
  }

  JobFeed.Event event() {
    return new JobFeed.Event("series", json());
  }
}
