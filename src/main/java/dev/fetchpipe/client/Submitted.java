package dev.fetchpipe.client;

import java.time.Duration;
import java.util.Map;

/**
 * The daemon's answer to a job it accepted: its id, the paths of what there is to see of it, and how its progress is
 * to be shown.
 *
 * @param progress the job's progress settings as the daemon merged them; null from a daemon that does not send them
 */
public record Submitted(String id, String state, Map<String, String> links, Progress progress) {

  /** The daemon's 201 body. */
  static Submitted from(JsonFields json) {
    JsonFields links = json.object("links");
    JsonFields progress = json.object("progress");
    return new Submitted(json.text("id"), json.text("state"), links == null ? null : links.texts(),
        progress == null ? null : new Progress(progress.text("style"), progress.number("spinnerIntervalMs"),
            progress.number("plainIntervalMs")));
  }

  /** The job's own path, e.g. {@code /api/jobs/J}. */
  public String self() {
    return links == null || links.get("self") == null ? "/api/jobs/" + id : links.get("self");
  }

  /**
   * The job's {@code progress.*} keys: the style as fetchpipe.progress.style spells it (auto, spinner, plain, off),
   * the intervals in milliseconds.
   */
  public record Progress(String style, double spinnerIntervalMs, double plainIntervalMs) {
    public Duration spinnerInterval() {
      return millis(spinnerIntervalMs);
    }

    public Duration plainInterval() {
      return millis(plainIntervalMs);
    }

    private static Duration millis(double ms) {
      return Duration.ofNanos(Math.round(ms * 1_000_000));
    }
  }
}
