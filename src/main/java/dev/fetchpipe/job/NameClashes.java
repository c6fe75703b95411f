package dev.fetchpipe.job;

import dev.fetchpipe.report.Renamed;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which URL of a job holds a name another URL wanted, so a numbered name ("a-2.bin") can say why. A job keeps only a
 * fingerprint of each name ({@link FileNames}), not which URL has it: that would be a URL per URL. Clashes are rare,
 * so the plan's first pass notes the names wanted twice ({@link #wantedAgain}), and each later pass remembers the URL
 * given one of those names as it passes it ({@link Pass}): the holder always comes before the URL it pushes to -2.
 * At most {@link Renamed#HOLDERS_KEPT} names are remembered; a clash past them says only that another URL had it.
 */
final class NameClashes {
  /** Fingerprints (as {@link FileNames#fingerprint}) of names given to one URL and wanted by a later one. */
  private final Set<Long> wanted = new HashSet<>();

  /** The plan's first pass found {@code name} wanted by a URL after another was given it. */
  void wantedAgain(String name) {
    if (wanted.size() < Renamed.HOLDERS_KEPT) wanted.add(FileNames.fingerprint(name));
  }

  /** How many names were found wanted twice (at most {@link Renamed#HOLDERS_KEPT}). */
  int size() {
    return wanted.size();
  }

  /** For one pass over the plan's items, in order. */
  Pass pass() {
    return new Pass();
  }

  /** The URL given a name someone wanted later: shown as the report shows a URL, cut to a readable length. */
  private record Holder(String url, String where, int index) {}

  /** Remembers, as one pass goes, the holders of the names wanted twice; at most as many as there are such names. */
  final class Pass {
    private final Map<Long, Holder> holders = new HashMap<>();

    private Pass() {}

    /**
     * Item {@code index}, the URL {@code url} at {@code where}, was given {@code claimed}: why its name is numbered, or
     * null when it is not.
     */
    Renamed given(int index, String url, String where, FileNames.Claimed claimed) {
      if (!wanted.isEmpty()) {
        long given = FileNames.fingerprint(claimed.name());
        if (wanted.contains(given)) holders.putIfAbsent(given, new Holder(UrlCheck.shown(url), where, index));
      }
      if (claimed.wanted() == null) return null;
      Holder holder = wanted.isEmpty() ? null : holders.get(FileNames.fingerprint(claimed.wanted()));
      return holder == null ? new Renamed(claimed.name(), claimed.wanted(), null, null, -1, null)
          : new Renamed(claimed.name(), claimed.wanted(), holder.url(), holder.where(), holder.index(), null);
    }
  }
}
