package dev.fetchpipe.compare;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * Peak live threads and peak heap of the whole JVM while one engine runs, from the JVM's own counters: both peaks are
 * reset as the engine starts and read as it ends. The whole JVM means the built-in origin, the JIT and the GC are in
 * the numbers too, the same for every engine; {@link Peaks#threadsBefore()} says how many threads were alive at the
 * start, so the difference is what the engine itself started.
 */
final class ResourceMeter {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(pool -> pool.getType() == MemoryType.HEAP && pool.isValid())
      .toList();
  private final int threadsBefore;

  private ResourceMeter() {
    // Garbage of the run before would otherwise count as this run's heap.
    System.gc();
    THREADS.resetPeakThreadCount();
    heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
    threadsBefore = THREADS.getThreadCount();
  }

  static ResourceMeter start() {
    return new ResourceMeter();
  }

  /**
   * The peaks since {@link #start()}. The heap's is the sum of each heap pool's own peak (eden, survivor, old): the
   * pools may peak at different moments, so it is an upper bound on the heap used at any one moment.
   */
  Peaks stop() {
    long heap = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    return new Peaks(threadsBefore, THREADS.getPeakThreadCount(), heap);
  }
}
