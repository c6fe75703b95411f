package dev.fetchpipe.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fetchpipe.pipeline.PreparedJob;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.JsonReport;
import dev.fetchpipe.report.PlainWords;
import dev.fetchpipe.timeline.TimelinePage;
import dev.fetchpipe.timeline.TimelineRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What a daemon job leaves when it ends, in two steps: before its {@code end} event goes out, its output dir released
 * and the report and timeline its submitter asked for (as {@code run --report} and {@code --timeline} write them); after
 * it, its report and final status in the state dir. Blocking: call it on the blocking-io dispatcher.
 */
final class EndFiles {
  private EndFiles() {}

  /** The title of a job's timeline page, as {@code run} gives it. */
  static String timelineTitle(JobReport report) {
    return "fetchpipe run: " + report.site();
  }

  static List<TimelineRun> timelineRuns(JobReport report) {
    return List.of(new TimelineRun("actors", report));
  }

  /**
   * What must be done before a job's end is told: its journal closed and its output dir released (its actors have
   * stopped), so that a client told of the end may submit into the same dir at once, and the files its submitter asked
   * for written (unless {@code files} is false: its client went away), so that they are there when the client is told.
   * Returns the status to tell (with any file that could not be written named in it).
   */
  static ObjectNode release(PreparedJob job, StoredJob stored, ObjectNode status, JobReport report, boolean files) {
    Path outputDir = job.settings().job().outputDir();
    job.close();
    ObjectNode recorded = status.deepCopy();
    if (files) writeRequested(asRunShowsIt(report, stored, outputDir), stored, recorded);
    return recorded;
  }

  /**
   * For a job {@code run} handed over: its report with each file's path under the output dir as the user gave it
   * ({@code flags/cn.gif}, not the absolute path the job ran with), as run in process writes it. Any other job's as it is.
   */
  static JobReport asRunShowsIt(JobReport report, StoredJob stored, Path outputDir) {
    String given = stored.run() == null ? null : stored.run().outputDirAsGiven();
    if (given == null) return report;
    Path absolute = outputDir.toAbsolutePath().normalize();
    Path shown = Path.of(given);
    return report.withItems(report.items().stream().map(item -> {
      if (item.path() == null) return item;
      Path path = Path.of(item.path());
      return path.startsWith(absolute) ? item.withPath(shown.resolve(absolute.relativize(path)).toString()) : item;
    }).toList());
  }

  /** Writes the files the submitter asked for; a file that cannot be written is named in the status, not thrown. */
  static void writeRequested(JobReport report, StoredJob job, ObjectNode status) {
    if (job.report() != null) {
      try {
        JsonReport.write(report, Path.of(job.report()));
      } catch (IOException | RuntimeException e) {
        status.put("reportError", "cannot write " + job.report() + ": " + PlainWords.of(e));
      }
    }
    if (job.timeline() != null) {
      try {
        TimelinePage.write(Path.of(job.timeline()), timelineTitle(report), timelineRuns(report));
      } catch (IOException | RuntimeException e) {
        status.put("timelineError", "cannot write " + job.timeline() + ": " + PlainWords.of(e));
      }
    }
  }

  /**
   * Keeps the report in the state dir, and the final status unless the job is to be carried on at the next start (a
   * job cut off by the daemon's stop, which is kept as unfinished). Done after the job's end is told: the daemon serves
   * the report from memory until then, and a daemon killed before it carries the job on at its next start, finding
   * every file of it KEPT in its journal.
   */
  static void keep(StateDir stateDir, String id, ObjectNode status, JobReport report, boolean carryOn) {
    try {
      byte[] reportJson = Json.MAPPER.writeValueAsBytes(report);
      if (carryOn) {
        stateDir.saveReport(id, reportJson);
      } else {
        stateDir.saveFinished(id, status, reportJson);
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report as JSON", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
