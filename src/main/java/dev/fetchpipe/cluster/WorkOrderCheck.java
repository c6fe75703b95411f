package dev.fetchpipe.cluster;

import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.job.OutputDir;
import dev.fetchpipe.journal.JournalEntry;
import java.nio.file.Path;
import org.apache.pekko.actor.typed.delivery.ConsumerController;

/**
 * Whether a work order a {@link JobWorker} was delivered may be claimed: it comes from the job's own work pulling
 * (whose producers are named after the job's work key) and names a file inside the job's output dir
 * ({@link OutputDir#resolveInside}), as does the earlier file it is to revalidate, if any. Belt and braces behind the cluster's TLS and the coordinator's own check of each
 * claim: a node never writes a name the coordinator did not give.
 */
final class WorkOrderCheck {
  private WorkOrderCheck() {}

  /** Why this delivery is refused, in plain words, or null when it may be claimed. */
  static String refusal(ConsumerController.Delivery<WorkOrder> delivery, String workKey, Path outputDir) {
    if (delivery.producerId() == null || !delivery.producerId().startsWith(workKey + "-")) {
      return "it did not come from the job's work pulling";
    }
    JobItem item = delivery.message() == null ? null : delivery.message().item();
    if (item == null || item.url() == null) return "it names no URL";
    JournalEntry saved = delivery.message().saved();
    if (saved != null && !(saved.isSaved() && saved.url().equals(item.url()) && JournalEntry.usableValidator(saved.validator()))) {
      return "its earlier file to revalidate is not a saved file of the same URL with a usable validator";
    }
    try {
      OutputDir.resolveInside(outputDir, item.fileName());
      if (saved != null) OutputDir.resolveInside(outputDir, saved.savedFile());
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    return null;
  }
}
