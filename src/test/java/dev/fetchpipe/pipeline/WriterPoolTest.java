package dev.fetchpipe.pipeline;

import static dev.fetchpipe.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.config.FetchpipeSettings;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntSupplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A dispatcher's thread pool resized while tasks run: every task runs exactly once, and the threads follow. */
class WriterPoolTest {
  private static final ActorTestKit TEST_KIT = ActorTestKit.create();

  @AfterAll
  static void down() {
    TEST_KIT.shutdownTestKit();
  }

  @Test
  void theSettingsCheckNamesThisClass() {
    assertEquals(ResizableThreadPoolConfigurator.class.getName(), FetchpipeSettings.RESIZABLE_EXECUTOR);
  }

  @Test
  void aRegisteredPoolShrinksAndGrowsLiveWithoutLosingOrRepeatingATask() throws Exception {
    String id = WriterPool.register(TEST_KIT.system(), "fetchpipe.test-writer-pool-a", 4);
    Executor executor = TEST_KIT.system().dispatchers().lookup(DispatcherSelector.fromConfig(id));
    WriterPool pool = WriterPool.of(TEST_KIT.system(), id).orElseThrow();
    int tasks = 3000;
    AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
    Set<String> threadNames = ConcurrentHashMap.newKeySet();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(tasks);

    for (int i = 0; i < tasks; i++) {
      int task = i;
      executor.execute(() -> {
        peak.accumulateAndGet(running.incrementAndGet(), Math::max);
        threadNames.add(Thread.currentThread().getName());
        sleep(1);
        runs.incrementAndGet(task);
        running.decrementAndGet();
        done.countDown();
      });
      if (i == 300) {
        await(() -> pool.liveThreads(), 4);
        WriterPool.resize(TEST_KIT.system(), id, 1);
        await(() -> pool.liveThreads(), 1);
        peak.set(running.get());
      }
      if (i == 1200) {
        assertTrue(peak.get() <= 1, "at most one task at once while the pool has one thread: " + peak.get());
        WriterPool.resize(TEST_KIT.system(), id, 6);
        await(() -> pool.liveThreads(), 6);
      }
    }
    assertTrue(done.await(60, TimeUnit.SECONDS), "every task ran");
    for (int i = 0; i < tasks; i++) assertEquals(1, runs.get(i), "task " + i + " ran once");
    assertEquals(6, pool.size());
    assertTrue(threadNames.stream().allMatch(name -> name.contains(id)), "threads are named after the dispatcher: " + threadNames);
    // Numbered in this pool, never past the largest size it had (Pekko's counter, shared by every pool, went on).
    assertTrue(threadNames.stream().allMatch(name -> name.matches("fetchpipe-writer-[1-6] \\[" + id + "\\]")), threadNames.toString());
  }

  @Test
  void aPoolsThreadsAreNumberedFromOneWhateverOtherPoolsTheSystemHas() throws Exception {
    for (String id : new String[] {"fetchpipe.test-writer-pool-c", "fetchpipe.test-writer-pool-d"}) {
      WriterPool.register(TEST_KIT.system(), id, 3);
      Executor executor = TEST_KIT.system().dispatchers().lookup(DispatcherSelector.fromConfig(id));
      Set<String> labels = ConcurrentHashMap.newKeySet();
      CountDownLatch together = new CountDownLatch(3);
      CountDownLatch done = new CountDownLatch(3);
      for (int i = 0; i < 3; i++) {
        executor.execute(() -> {
          labels.add(WriterThreads.label(Thread.currentThread()));
          together.countDown();
          try {
            together.await(20, TimeUnit.SECONDS); // all three at once: three threads
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          done.countDown();
        });
      }
      assertTrue(done.await(30, TimeUnit.SECONDS));
      assertEquals(Set.of("writer 1", "writer 2", "writer 3"), labels, id);
    }
  }

  @Test
  void theBlockingIoDispatcherFromConfigIsResizableAndRegisteringAgainOnlyResizes() {
    Executor executor = TEST_KIT.system().dispatchers().lookup(
        DispatcherSelector.fromConfig(FetchpipeSettings.BLOCKING_IO_DISPATCHER));
    executor.execute(() -> {});
    WriterPool pool = WriterPool.of(TEST_KIT.system(), FetchpipeSettings.BLOCKING_IO_DISPATCHER).orElseThrow();
    assertEquals(4, pool.size(), "reference.conf's fixed-pool-size");
    WriterPool.resize(TEST_KIT.system(), FetchpipeSettings.BLOCKING_IO_DISPATCHER, 2);
    assertEquals(2, pool.size());

    String id = WriterPool.register(TEST_KIT.system(), "fetchpipe.test-writer-pool-b", 3);
    WriterPool.register(TEST_KIT.system(), id, 5);
    assertEquals(5, WriterPool.of(TEST_KIT.system(), id).orElseThrow().size());
  }

  private static void await(IntSupplier actual, int expected) throws Exception {
    eventually(Duration.ofSeconds(20), "the count at " + expected, actual::getAsInt, n -> n == expected);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
