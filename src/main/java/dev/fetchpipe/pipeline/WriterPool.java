package dev.fetchpipe.pipeline;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.FetchpipeSettings;
import java.util.BitSet;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.dispatch.DispatcherConfigurator;
import org.apache.pekko.dispatch.Dispatchers;

/**
 * The resizable thread pool behind one dispatcher of one actor system ({@link ResizableThreadPoolConfigurator}), and
 * the registry of them by system and dispatcher id, so that a running job can change how many files it writes at once.
 *
 * <p>A resize changes the live executor's core and maximum size together (growing: maximum first; shrinking: core
 * first, as ThreadPoolExecutor requires). Its queue is unbounded and never touched: no task is dropped or run twice.
 * A new size starts threads at once for queued tasks; a smaller one stops idle threads at once and busy ones after
 * their task. The size is kept here, so an executor Pekko makes anew (after it shut an idle one down) starts at it.
 */
public final class WriterPool {
  /** How long a thread with nothing to do stays, as Pekko's thread-pool-executor keeps them (keep-alive-time). */
  private static final long KEEP_ALIVE_SECONDS = 60;

  /**
   * By actor system (its classic Settings, one instance per system, which the configurator also sees), weakly: a
   * terminated system's pools go with it. A test JVM runs many systems, each with its own blocking-io dispatcher.
   */
  private static final Map<Object, Map<String, WriterPool>> BY_SYSTEM = new WeakHashMap<>();

  private final String dispatcherId;
  private int size;
  /** The executor Pekko uses now; null before the first and after it terminated. */
  private ThreadPoolExecutor current;
  /** The numbers of this pool's live threads: a new thread takes the lowest free one, so they stay 1 to the size. */
  private final BitSet numbers = new BitSet();

  private WriterPool(String dispatcherId, int size) {
    this.dispatcherId = dispatcherId;
    this.size = size;
  }

  /**
   * Registers a dispatcher {@code dispatcherId} backed by its own resizable pool of {@code threads}, in a running
   * system: a job in a shared system writes on its own pool, so resizing it leaves other jobs alone. Registering an
   * id again only sets its size (Pekko cannot forget a dispatcher; an idle one holds no threads). Returns the id.
   */
  public static String register(ActorSystem<?> system, String dispatcherId, int threads) {
    requireSize(threads);
    Dispatchers dispatchers = system.classicSystem().dispatchers();
    Config config = ConfigFactory.parseMap(Map.of(
            "id", dispatcherId,
            "type", "Dispatcher",
            "executor", ResizableThreadPoolConfigurator.class.getName(),
            ResizableThreadPoolConfigurator.SIZE_KEY, threads,
            // One message per actor per turn, as blocking-io-dispatcher: one long write cannot hold a thread for a queue.
            "throughput", 1), "registered by fetchpipe for one job's writer")
        .withFallback(dispatchers.defaultDispatcherConfig());
    if (!dispatchers.registerConfigurator(dispatcherId, new DispatcherConfigurator(config, dispatchers.prerequisites()))) {
      resize(system, dispatcherId, threads);
    }
    return dispatcherId;
  }

  /**
   * Sets the pool's size: the live executor's at once, and that of any executor made for it later. A dispatcher not
   * looked up yet gets this size when it is.
   */
  public static void resize(ActorSystem<?> system, String dispatcherId, int threads) {
    requireSize(threads);
    entry(system.classicSystem().settings(), dispatcherId, threads).resize(threads);
  }

  /** The pool behind a dispatcher of this system, once something has looked the dispatcher up or resized it. */
  public static Optional<WriterPool> of(ActorSystem<?> system, String dispatcherId) {
    synchronized (BY_SYSTEM) {
      Map<String, WriterPool> pools = BY_SYSTEM.get(system.classicSystem().settings());
      return Optional.ofNullable(pools == null ? null : pools.get(dispatcherId));
    }
  }

  /** The registry's pool for this system and dispatcher, made at {@code size} if there is none yet. */
  static WriterPool entry(Object systemSettings, String dispatcherId, int size) {
    synchronized (BY_SYSTEM) {
      return BY_SYSTEM.computeIfAbsent(systemSettings, s -> new ConcurrentHashMap<>())
          .computeIfAbsent(dispatcherId, id -> new WriterPool(id, size));
    }
  }

  public String dispatcherId() {
    return dispatcherId;
  }

  /** The size asked for: what the live executor's core and maximum size are. */
  public synchronized int size() {
    return size;
  }

  /** Threads alive in the live executor now (0 when there is none): follows {@link #size()} as tasks come and go. */
  public synchronized int liveThreads() {
    return current == null ? 0 : current.getPoolSize();
  }

  /** Threads running a task now (a write, a file stream's step): approximate, as ThreadPoolExecutor counts them. */
  public synchronized int busyThreads() {
    return current == null ? 0 : current.getActiveCount();
  }

  synchronized void resize(int threads) {
    size = threads;
    if (current == null) return;
    if (threads > current.getMaximumPoolSize()) {
      current.setMaximumPoolSize(threads);
      current.setCorePoolSize(threads);
    } else {
      current.setCorePoolSize(threads);
      current.setMaximumPoolSize(threads);
    }
  }

  synchronized ExecutorService newExecutor(ThreadFactory threads) {
    ThreadPoolExecutor executor = new ThreadPoolExecutor(size, size, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), numbered(threads)) {
      @Override
      protected void terminated() {
        // Dropped once terminated, so the registry holds no thread (nor, through it, the terminated actor system).
        forget(this);
      }
    };
    // Idle threads go after the keep-alive even below the core size, as Pekko's thread-pool-executor does by default.
    executor.allowCoreThreadTimeOut(true);
    current = executor;
    return executor;
  }

  /**
   * Threads named by their number in this pool ({@link WriterThreads}), the number given back when the thread ends.
   * A thread that replaces one ending is made before the ending one has given its number back, and a pool made smaller
   * keeps its busy threads until their task ends, so a number can pass the size for a moment: never the largest size
   * the pool has had.
   */
  private ThreadFactory numbered(ThreadFactory pekko) {
    return task -> {
      int number = takeNumber();
      Thread thread;
      try {
        thread = pekko.newThread(() -> {
          try {
            task.run();
          } finally {
            giveBack(number);
          }
        });
      } catch (RuntimeException | Error e) {
        giveBack(number);
        throw e;
      }
      thread.setName(WriterThreads.name(number, dispatcherId, FetchpipeSettings.BLOCKING_IO_DISPATCHER));
      return thread;
    };
  }

  private synchronized int takeNumber() {
    int number = numbers.nextClearBit(1);
    numbers.set(number);
    return number;
  }

  private synchronized void giveBack(int number) {
    numbers.clear(number);
  }

  private synchronized void forget(ThreadPoolExecutor executor) {
    if (current == executor) current = null;
  }

  private static void requireSize(int threads) {
    if (threads < 1) throw new IllegalArgumentException("a writer pool needs at least 1 thread, not " + threads);
  }
}
