package dev.fetchpipe.pipeline;

import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.report.Renamed;
import dev.fetchpipe.report.Tally;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a job keeps so that a numbered name ("a-2.bin") can say, at the job's end, how the URL that had its name ended:
 * which URLs ended without a file (a bit per URL for each such outcome, not their results) and, for the summary, the
 * saved files with a numbered name of the lowest indexes (the same ones whatever order the URLs ended in, so a run in
 * process and one through the daemon list the same). Plain data, no actors.
 */
final class Renames {
  private final int total;
  private final Map<Outcome, BitSet> withoutFile = new EnumMap<>(Outcome.class);
  private final TreeMap<Integer, ItemResult> listed = new TreeMap<>();

  /** @param total how many URLs the job has: an index outside them (from a broken node) is not kept */
  Renames(int total) {
    this.total = total;
  }

  /** One URL ended. */
  void add(ItemResult result) {
    if (result.index() < 0 || result.index() >= total) return;
    if (result.outcome() != Outcome.OK && result.outcome() != Outcome.KEPT) {
      withoutFile.computeIfAbsent(result.outcome(), outcome -> new BitSet()).set(result.index());
    }
    if (Tally.isNumbered(result)) {
      listed.put(result.index(), result);
      if (listed.size() > JobReport.RENAMES_LISTED) listed.pollLastEntry();
    }
  }

  /** The saved files with a numbered name of the lowest indexes, at most as many as the summary lists, each resolved. */
  List<ItemResult> listed() {
    List<ItemResult> resolved = new ArrayList<>(listed.size());
    listed.values().forEach(result -> resolved.add(resolved(result)));
    return resolved;
  }

  /** {@code result}, its numbered name saying how the URL that had the name ended when that URL saved nothing. */
  ItemResult resolved(ItemResult result) {
    Renamed renamed = result.renamed();
    if (renamed == null || renamed.takenByIndex() < 0) return result;
    for (Map.Entry<Outcome, BitSet> ended : withoutFile.entrySet()) {
      if (ended.getValue().get(renamed.takenByIndex())) return result.withRenamed(renamed.holderEnded(ended.getKey()));
    }
    return result;
  }
}
