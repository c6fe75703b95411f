package dev.fetchpipe.config;

/**
 * How `fetchpipe compare` and `fetchpipe sweep` run the job outside the actor pipeline.
 *
 * @param threadPoolSize       the threads engine's fixed pool: how many platform threads make blocking requests
 * @param sizedFromMaxInFlight true when the size was left at {@code max-in-flight}, so it follows the job's
 *                             fetch.max-in-flight
 */
public record CompareSettings(int threadPoolSize, boolean sizedFromMaxInFlight) {

  static final String THREAD_POOL_SIZE = "fetchpipe.compare.thread-pool.size";
  /** The value that means "as many threads as the job's max-in-flight". */
  static final String FOLLOW_MAX_IN_FLIGHT = "max-in-flight";
  /** Each platform thread reserves a stack; past this many a pool measures the machine, not the model. */
  static final int MOST_THREADS = 10_000;

  /**
   * Reads the compare keys of the job's merged config. Not part of {@link FetchpipeSettings} because only compare and
   * sweep need them.
   */
  public static CompareSettings from(FetchpipeSettings settings) {
    ConfigReader read = new ConfigReader(settings.config());
    String size = read.string(THREAD_POOL_SIZE).trim();
    if (size.equals(FOLLOW_MAX_IN_FLIGHT)) return new CompareSettings(settings.fetch().maxInFlight(), true);
    if (!size.matches("-?[0-9]+(\\.[0-9]*)?")) {
      throw new SettingsException(THREAD_POOL_SIZE,
          "expected a whole number from 1 to " + MOST_THREADS + " or " + FOLLOW_MAX_IN_FLIGHT + ", got \"" + size + "\"");
    }
    return new CompareSettings(read.intBetween(THREAD_POOL_SIZE, 1, MOST_THREADS), false);
  }
}
