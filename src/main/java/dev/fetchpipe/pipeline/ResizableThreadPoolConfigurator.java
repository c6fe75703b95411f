package dev.fetchpipe.pipeline;

import com.typesafe.config.Config;
import java.util.concurrent.ThreadFactory;
import org.apache.pekko.dispatch.DispatcherPrerequisites;
import org.apache.pekko.dispatch.ExecutorServiceConfigurator;
import org.apache.pekko.dispatch.ExecutorServiceFactory;
import org.apache.pekko.dispatch.MonitorableThreadFactory;

/**
 * A dispatcher's executor whose thread count can change while it runs: name it as the dispatcher's {@code executor}
 * (its class name) and give the size as {@value #SIZE_KEY}, like Pekko's own thread-pool-executor. Pekko makes one of
 * these per dispatcher (through this constructor, by reflection); its executors come from the dispatcher's
 * {@link WriterPool}, which a job resizes. Pekko may shut an idle dispatcher's executor down and ask for a new one
 * later: the new one starts at the pool's latest size.
 */
public final class ResizableThreadPoolConfigurator extends ExecutorServiceConfigurator {
  /** The size key, the one users know from thread-pool-executor. */
  public static final String SIZE_KEY = "thread-pool-executor.fixed-pool-size";

  private final WriterPool pool;

  /** @param config the dispatcher's config, its {@code id} included, as Pekko passes it to a custom executor */
  public ResizableThreadPoolConfigurator(Config config, DispatcherPrerequisites prerequisites) {
    super(config, prerequisites);
    this.pool = WriterPool.entry(prerequisites.settings(), config.getString("id"), config.getInt(SIZE_KEY));
  }

  @Override
  public ExecutorServiceFactory createExecutorServiceFactory(String id, ThreadFactory threadFactory) {
    // As Pekko's own thread pools do: threads named after the dispatcher, so a file's writer thread says where it ran.
    ThreadFactory named = threadFactory instanceof MonitorableThreadFactory monitorable
        ? monitorable.withName(monitorable.name() + "-" + id)
        : threadFactory;
    return () -> pool.newExecutor(named);
  }
}
