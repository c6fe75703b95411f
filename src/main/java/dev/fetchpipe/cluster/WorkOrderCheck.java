package dev.fetchpipe.cluster;

import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.job.OutputDir;
import java.nio.file.Path;
import org.apache.pekko.actor.typed.delivery.ConsumerController;

/**
 * Whether a work order a {@link JobWorker} was delivered may be claimed: it comes from the job's own work pulling
 * (whose producers are named after the job's work key) and names a file inside the job's output dir
 * ({@link OutputDir#resolveInside}). Belt and braces behind the cluster's TLS and the coordinator's own check of each
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
    try {
      OutputDir.resolveInside(outputDir, item.fileName());
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    return null;
  }
}
