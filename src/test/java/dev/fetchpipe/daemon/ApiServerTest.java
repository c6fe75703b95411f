package dev.fetchpipe.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import dev.fetchpipe.config.ConfigLayers;
import dev.fetchpipe.config.DaemonSettings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.Test;

/** The API's own actor system runs daemon.api-threads threads at once, whatever the jobs' dispatcher's size. */
class ApiServerTest {

  @Test
  void theApiSystemRunsAsManyThreadsAtOnceAsDaemonApiThreadsSays() throws Exception {
    Config merged = ConfigLayers.merge(null, Map.of(), List.of("daemon.api-threads=5"));
    DaemonSettings settings = DaemonSettings.from(merged, Map.of("HOME", "/home/user"));
    ActorSystem<Void> api = ApiServer.system(merged, settings);
    try {
      // Five tasks that each wait for all five: they end only if five threads run them at the same time (the jobs'
      // dispatcher, a thread a core, would run two).
      CountDownLatch together = new CountDownLatch(5);
      CountDownLatch done = new CountDownLatch(5);
      Set<String> threads = ConcurrentHashMap.newKeySet();
      for (int i = 0; i < 5; i++) {
        api.executionContext().execute(() -> {
          threads.add(Thread.currentThread().getName());
          together.countDown();
          try {
            if (together.await(20, TimeUnit.SECONDS)) done.countDown();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
      }
      assertTrue(done.await(30, TimeUnit.SECONDS), "only " + threads.size() + " threads ran at once: " + threads);
      assertEquals(5, threads.size(), threads.toString());
      assertTrue(threads.stream().allMatch(name -> name.startsWith(ApiServer.SYSTEM_NAME)), threads.toString());
    } finally {
      api.terminate();
      api.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
