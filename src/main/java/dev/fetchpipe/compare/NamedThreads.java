package dev.fetchpipe.compare;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Platform threads named {@code prefix-1}, {@code prefix-2}...: the names the report's writerThread shows. */
final class NamedThreads implements ThreadFactory {
  private final String prefix;
  private final AtomicInteger next = new AtomicInteger(1);

  NamedThreads(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public Thread newThread(Runnable task) {
    Thread thread = new Thread(task, prefix + "-" + next.getAndIncrement());
    // Daemon: a pool left behind by a failure must not keep the JVM alive after the command has answered.
    thread.setDaemon(true);
    return thread;
  }
}
