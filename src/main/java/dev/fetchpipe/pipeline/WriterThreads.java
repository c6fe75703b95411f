package dev.fetchpipe.pipeline;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pekko names a dispatcher's threads after the actor system and the dispatcher's config path, which for the writer
 * gives "fetchpipe-fetchpipe.blocking-io-dispatcher-34": the name the report, the timeline and thread dumps show. A
 * writer thread takes a shorter one, "fetchpipe-writer-34" (Pekko's number kept), the first time it writes.
 */
final class WriterThreads {
  /** The prefix every writer thread's name gets, before Pekko's own thread number. */
  static final String PREFIX = "fetchpipe-writer-";
  private static final Pattern PEKKO_NAME = Pattern.compile(".*blocking-io-dispatcher-(\\d+)");

  private WriterThreads() {}

  static void name(Thread thread) {
    String name = thread.getName();
    if (name.startsWith(PREFIX)) return;
    Matcher pekko = PEKKO_NAME.matcher(name);
    if (pekko.matches()) thread.setName(PREFIX + pekko.group(1));
  }
}
