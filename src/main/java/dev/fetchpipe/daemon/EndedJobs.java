package dev.fetchpipe.daemon;

import dev.fetchpipe.config.DaemonSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * When each ended job ended, and which of them daemon.keep-ended lets go: the oldest past its count, and any past its
 * age. Plain data, for the {@link JobRegistry}.
 */
final class EndedJobs {
  private final DaemonSettings.KeepEnded keep;
  private final Map<String, Instant> endedAt = new LinkedHashMap<>();

  EndedJobs(DaemonSettings.KeepEnded keep) {
    this.keep = keep;
  }

  void ended(String id, Instant at) {
    endedAt.put(id, at);
  }

  /**
   * The jobs to let go now, oldest first, forgotten here. A job in {@code writing} (its end still being written to the
   * state dir) waits its turn.
   */
  List<String> prune(Instant now, Set<String> writing) {
    Instant cutoff = now.minus(keep.age());
    int excess = endedAt.size() - keep.jobs();
    List<Map.Entry<String, Instant>> oldestFirst = new ArrayList<>(endedAt.entrySet());
    oldestFirst.sort(Map.Entry.comparingByValue()); // stable: of two ended at once, the first ended goes first
    List<String> pruned = new ArrayList<>();
    for (Map.Entry<String, Instant> ended : oldestFirst) {
      if (excess <= 0 && !ended.getValue().isBefore(cutoff)) break;
      if (writing.contains(ended.getKey())) continue;
      pruned.add(ended.getKey());
      excess--;
    }
    pruned.forEach(endedAt::remove);
    return pruned;
  }
}
