package dev.fetchpipe.timeline;

import dev.fetchpipe.report.JobReport;
import java.util.Objects;

/**
 * One finished job to draw as one section of a timeline page.
 *
 * @param name   what the section is called, e.g. "actors" or "threads"
 * @param report the finished job
 * @param lanes  how its bars are placed in lanes; see {@link Lanes}
 */
public record TimelineRun(String name, JobReport report, Lanes lanes) {

  /**
   * The rule that puts bars in lanes. Either way a lane never holds two bars at once, so the number of lanes is what
   * the run really had working in parallel.
   */
  public enum Lanes {
    /**
     * The actor pipeline: a lane is a fetcher slot. URLs are packed into as few lanes as their [sent, written]
     * intervals allow (greedy interval partitioning), so the lane count is the peak number in flight. Below them, one
     * lane per writer thread holds each file's [body done, written] segment on the thread that wrote it.
     */
    FETCHER_SLOTS,
    /**
     * A pool of platform threads (or one thread): a lane is the thread named by each URL's {@code writerThread},
     * which must be the thread that did the whole request and write. URLs without a thread are packed like
     * {@link #FETCHER_SLOTS} into lanes called "thread ?".
     */
    THREADS
  }

  public TimelineRun {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(lanes, "lanes");
  }

  /** A run of the actor pipeline (what {@code fetchpipe run} does): lanes are fetcher slots plus writer threads. */
  public TimelineRun(String name, JobReport report) {
    this(name, report, Lanes.FETCHER_SLOTS);
  }
}
