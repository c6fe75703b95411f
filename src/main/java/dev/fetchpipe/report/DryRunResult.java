package dev.fetchpipe.report;

import java.util.List;

/**
 * What {@code run --dry-run} found, nothing fetched and nothing written: each URL's {@link Probe}, in the job's order.
 *
 * @param site        what the job fetches from
 * @param concurrency how many URLs were asked at once (the job's max-in-flight)
 * @param outputDir   where the run would save its files
 * @param probes      one per URL, in the job's order
 */
public record DryRunResult(String site, int concurrency, String outputDir, List<Probe> probes) {

  public DryRunResult {
    probes = List.copyOf(probes);
  }

  /**
   * The sizes the servers gave, added up (a URL kept counts its file's size; one without a size, nothing); a server
   * may claim any size, so the sum stops at the largest long rather than wrapping around.
   */
  public long totalSize() {
    return probes.stream().filter(Probe::fine).filter(probe -> probe.size() != null).mapToLong(Probe::size)
        .reduce(0, (a, b) -> a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b);
  }

  /** URLs that would be saved, but whose server gave no size. */
  public long sizesUnknown() {
    return probes.stream().filter(Probe::fine).filter(probe -> probe.size() == null).count();
  }

  /**
   * URLs whose file name differs from their URL's, each with its note saying why: a clash (another URL of the job had
   * the name first, so this one is numbered -2, -3...), a name too long, reserved or hostile.
   */
  public List<Probe> renamed() {
    return probes.stream().filter(probe -> probe.nameNote() != null).toList();
  }

  /**
   * {@code probe}'s numbered name, saying how the URL given the name it wanted would end if it saved nothing (names
   * are chosen before anything is fetched, so a run would number it all the same); null when it is not numbered.
   */
  public Renamed renamed(Probe probe) {
    Renamed renamed = probe.renamed();
    if (renamed == null || renamed.takenByIndex() < 0) return renamed;
    int at = renamed.takenByIndex();
    // Probes are in the job's order, so the holder is found at its index; else looked for.
    Probe holder = at < probes.size() && probes.get(at).index() == at ? probes.get(at)
        : probes.stream().filter(other -> other.index() == at).findFirst().orElse(null);
    Outcome ended = holder == null ? null : holder.withoutFile();
    return ended == null ? renamed : renamed.holderEnded(ended);
  }

  /** URLs an earlier run into the output dir saved whole: the run would keep them. */
  public long kept() {
    return probes.stream().filter(Probe::kept).count();
  }

  /** URLs whose body an earlier run was cut off in: the run would continue them. */
  public List<Probe> resumed() {
    return probes.stream().filter(probe -> probe.resumed() != null).toList();
  }

  /** URLs that answered 2xx or are kept. */
  public long fine() {
    return probes.stream().filter(Probe::fine).count();
  }

  /** 0 when every URL answered 2xx (or is kept), 1 when any did not: as a run whose URLs all ended so would exit. */
  public int exitCode() {
    return fine() == probes.size() ? 0 : 1;
  }
}
