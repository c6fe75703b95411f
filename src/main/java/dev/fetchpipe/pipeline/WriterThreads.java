package dev.fetchpipe.pipeline;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a job's writer threads are called. Pekko would name them after the actor system, the dispatcher's path and a
 * counter shared by every pool of the system ("fetchpipe-fetchpipe.blocking-io-dispatcher-19"), so a pool of 4 showed
 * threads 5, 19, 20 and 21. Each pool numbers its own threads from 1 instead ({@link WriterPool}): the JVM's thread
 * is "fetchpipe-writer-3" (with its dispatcher's id after it when that is not the config's, so a daemon's thread
 * dump tells jobs apart), and the report, the timeline and the live page call it "writer 3".
 */
final class WriterThreads {
  /** The prefix every writer thread's name starts with, before its number in its pool. */
  static final String PREFIX = "fetchpipe-writer-";
  private static final Pattern NUMBERED = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)\\b.*");

  private WriterThreads() {}

  /** The JVM thread's name for the pool's thread {@code number}. */
  static String name(int number, String dispatcherId, String configDispatcherId) {
    return PREFIX + number + (dispatcherId.equals(configDispatcherId) ? "" : " [" + dispatcherId + "]");
  }

  /** What the report calls the thread: "writer 3" for a writer thread, else the thread's own name. */
  static String label(Thread thread) {
    Matcher numbered = NUMBERED.matcher(thread.getName());
    return numbered.matches() ? "writer " + numbered.group(1) : thread.getName();
  }
}
