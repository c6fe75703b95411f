package dev.fetchpipe.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fetchpipe.journal.Journal;
import dev.fetchpipe.journal.JournalEntry;
import dev.fetchpipe.journal.JournalReader;
import dev.fetchpipe.report.Counts;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The final status of an ended job whose status file cannot be read: it had ended (the file is written only then), so
 * it stays in the list as DONE, with its counts from its report in the state dir or, failing that, from the journal in
 * its output dir. The {@code rebuilt} field says which. Blocking: run it before the actors start.
 */
final class StatusRebuild {
  private StatusRebuild() {}

  static ObjectNode of(StoredJob job, Path reportFile) {
    ObjectNode status = StatusJson.starting(job.id(), job.submittedAt());
    status.put("state", "DONE");
    JobReport report = report(reportFile);
    if (report != null) {
      status.put("site", report.site());
      put(status, report.urls(), report.counts());
      status.put("exitCode", report.exitCode());
      status.put("rebuilt", "rebuilt from its report");
      return status;
    }
    Path outputDir = outputDir(job);
    Counts counts = outputDir == null ? null : journalCounts(outputDir.resolve(Journal.FILE_NAME));
    if (counts == null) {
      status.put("exitCode", 1);
      status.put("rebuilt", "neither its report nor its journal could be read: its counts are lost");
      return status;
    }
    put(status, counts.done(), counts);
    status.put("exitCode", counts.saved() == counts.done() ? 0 : 1);
    status.put("rebuilt", "rebuilt from the journal in " + outputDir + " (a URL it did not record is not counted)");
    return status;
  }

  /** The counts as the status JSON has them: flat, after {@code total} and {@code done}. */
  private static void put(ObjectNode status, int total, Counts counts) {
    status.put("total", total);
    status.put("done", counts.done());
    status.setAll((ObjectNode) Json.MAPPER.valueToTree(counts));
  }

  private static JobReport report(Path file) {
    try {
      return Files.isRegularFile(file) ? Json.MAPPER.readValue(file.toFile(), JobReport.class) : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The output dir the stored job names (its layer as JSON, paths absolute), or null. */
  private static Path outputDir(StoredJob job) {
    try {
      JsonNode dir = Json.MAPPER.readTree(job.config()).at("/fetchpipe/job/output-dir");
      return dir.isTextual() && Path.of(dir.asText()).isAbsolute() ? Path.of(dir.asText()) : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Each URL's last outcome in the journal, counted; null when there is no journal to read. */
  private static Counts journalCounts(Path journal) {
    Map<String, Outcome> last = new HashMap<>();
    try {
      JournalReader.read(journal, (JournalEntry entry) -> {
        // A partial line is no ending: the URL's ending comes on a line of its own, or never (the run was killed).
        if (entry.outcome() != null) last.put(entry.file() != null ? entry.file() : entry.url(), entry.outcome());
      });
    } catch (IOException e) {
      return null;
    }
    Counts counts = Counts.NONE;
    for (Outcome outcome : last.values()) counts = counts.plus(outcome);
    return counts;
  }
}
