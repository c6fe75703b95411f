package dev.fetchpipe.daemon;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The daemon's jobs that have not ended, and who may start beside them: at most daemon.max-jobs at once (run's jobs not
 * counted: run in process has no such limit), never two into one output dir. A run whose output dir is held by a job
 * being aborted because its client went away (a killed run's) waits for that job to end instead of being told the dir
 * is busy: the rerun of a killed run then resumes it. One whose dir another run holds waits a moment too, to learn
 * whether that run's client has just gone ({@link Holds}). Plain data, used by the {@link JobRegistry} alone.
 *
 * @param <W> a submission waiting for an output dir
 */
final class RunningJobs<W> {

  /** What becomes of a job asking to start. */
  sealed interface Admission {}

  /** It may start. */
  record Start() implements Admission {}

  /** daemon.max-jobs jobs (not run's) are running. */
  record TooMany(int running) implements Admission {}

  /** Job {@code holder} writes into the same output dir. */
  record Busy(String holder, Path outputDir) implements Admission {}

  /** It waits: its output dir is held by a job being aborted, and it is handed back when that job has ended. */
  record Waits() implements Admission {}

  /**
   * It waits, for now: another run's job holds its output dir, whose client may have gone a moment ago (killed just
   * before this rerun) without the daemon knowing yet. Unless that job is orphaned by the time {@link #stopWaiting}
   * is asked, the dir is busy.
   */
  record Holds(String holder) implements Admission {}

  /** Each job's output dir. */
  private final Map<String, Path> outputDirs = new HashMap<>();
  private final Set<String> runs = new HashSet<>();
  /** Jobs being aborted because their client went away. */
  private final Set<String> orphaned = new HashSet<>();
  /** Submissions waiting for an orphaned job's output dir, by that dir, in the order they came. */
  private final Map<Path, List<W>> waiting = new HashMap<>();

  /**
   * Whether a job into {@code outputDir} may start now; a run's that {@link Waits} is kept, and handed back by
   * {@link #ended} when the dir is free.
   *
   * @param run the job of a run (its client follows it; it waits for a killed run's job)
   */
  Admission admit(W submission, Path outputDir, boolean run, int maxJobs) {
    int counted = outputDirs.size() - (int) outputDirs.keySet().stream().filter(runs::contains).count();
    if (!run && counted >= maxJobs) return new TooMany(outputDirs.size());
    for (Map.Entry<String, Path> other : outputDirs.entrySet()) {
      if (!other.getValue().equals(outputDir)) continue;
      if (run && runs.contains(other.getKey())) {
        waiting.computeIfAbsent(outputDir, dir -> new ArrayList<>()).add(submission);
        return orphaned.contains(other.getKey()) ? new Waits() : new Holds(other.getKey());
      }
      return new Busy(other.getKey(), outputDir);
    }
    return new Start();
  }

  void started(String id, Path outputDir, boolean run) {
    outputDirs.put(id, outputDir);
    if (run) runs.add(id);
  }

  /**
   * A submission that {@link Holds} has waited long enough: true (it waits no more, and its dir is busy) when the
   * holder still has its client; false when the holder has since been orphaned (it goes on waiting for its end) or
   * ended (it was handed back already).
   */
  boolean stopWaiting(W submission, Path outputDir, String holder) {
    List<W> queue = waiting.get(outputDir);
    if (queue == null || !queue.contains(submission) || orphaned.contains(holder)) return false;
    queue.remove(submission);
    if (queue.isEmpty()) waiting.remove(outputDir);
    return true;
  }

  /** The job's client went away: it is being aborted. */
  void orphaned(String id) {
    if (outputDirs.containsKey(id)) orphaned.add(id);
  }

  /** The job has ended (or never started): the submissions that waited for its output dir, to be admitted again. */
  List<W> ended(String id) {
    Path dir = outputDirs.remove(id);
    runs.remove(id);
    orphaned.remove(id);
    List<W> next = dir == null ? null : waiting.remove(dir);
    return next == null ? List.of() : next;
  }

  boolean contains(String id) {
    return outputDirs.containsKey(id);
  }

  Set<String> ids() {
    return Set.copyOf(outputDirs.keySet());
  }

  int size() {
    return outputDirs.size();
  }

  boolean isEmpty() {
    return outputDirs.isEmpty();
  }
}
