package dev.fetchpipe.pipeline;

/**
 * What a resize asks of a running job's limits ({@link JobLimits}); a null value leaves one as it is. Byte rates and
 * the per-host pace take 0 for none.
 */
public record LimitOrder(Integer maxInFlight, Integer maxPerHost, Integer writerThreads, Long maxBytesPerSecond,
    Long maxBytesPerSecondPerUrl, Long perHostDelayMs, Double perHostRate) {

  /** A resize of the fetchers' and writers' counts only. */
  public static LimitOrder counts(Integer maxInFlight, Integer maxPerHost, Integer writerThreads) {
    return new LimitOrder(maxInFlight, maxPerHost, writerThreads, null, null, null, null);
  }

  /** A change of each host's pace only. */
  public static LimitOrder pace(Long perHostDelayMs, Double perHostRate) {
    return new LimitOrder(null, null, null, null, null, perHostDelayMs, perHostRate);
  }

  /** True when it names nothing to change. */
  public boolean isEmpty() {
    return maxInFlight == null && maxPerHost == null && writerThreads == null && maxBytesPerSecond == null
        && maxBytesPerSecondPerUrl == null && perHostDelayMs == null && perHostRate == null;
  }
}
