package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.job.JobItem;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Fetchers handed URLs up to max-in-flight; a lower limit retires free fetchers and cuts none off. */
class FetcherPoolTest {
  private final List<String> retired = new ArrayList<>();
  private int spawned;
  private final Supplier<String> spawn = () -> "f" + (++spawned);

  private static JobItem item(int index) {
    return new JobItem(index, "http://a/" + index, "f" + index, null);
  }

  @Test
  void urlsGoToIdleFetchersBeforeNewOnesAreMadeUpToTheLimit() {
    FetcherPool<String> pool = new FetcherPool<>(2);
    assertEquals("f1", pool.assign(item(0), spawn));
    assertEquals("f2", pool.assign(item(1), spawn));
    assertFalse(pool.hasRoom());

    assertEquals(item(0), pool.freed("f1", retired::add));
    assertTrue(pool.hasRoom());
    assertEquals("f1", pool.assign(item(2), spawn), "the idle fetcher takes the next URL");
    assertEquals(2, spawned);
    assertNull(pool.freed("f9", retired::add), "not busy: nothing changes");
  }

  @Test
  void raisingTheLimitMakesRoomAtOnce() {
    FetcherPool<String> pool = new FetcherPool<>(1);
    pool.assign(item(0), spawn);
    assertFalse(pool.hasRoom());
    pool.setLimit(3, retired::add);
    pool.assign(item(1), spawn);
    pool.assign(item(2), spawn);
    assertFalse(pool.hasRoom());
    assertEquals(3, pool.busyCount());
  }

  @Test
  void loweringTheLimitRetiresIdleFetchersNowAndBusyOnesWhenFreeCuttingNoneOff() {
    FetcherPool<String> pool = new FetcherPool<>(4);
    for (int i = 0; i < 4; i++) pool.assign(item(i), spawn);
    pool.freed("f1", retired::add);
    pool.freed("f2", retired::add);
    assertEquals(2, pool.idleCount());

    pool.setLimit(1, retired::add);
    assertEquals(List.of("f1", "f2"), retired.stream().sorted().toList(), "both idle ones retire");
    assertEquals(2, pool.busyCount(), "busy ones keep their URLs");
    assertFalse(pool.hasRoom(), "more busy than the limit: no new URL");

    assertEquals(item(2), pool.freed("f3", retired::add));
    assertTrue(retired.contains("f3"), "still one too many alive: it retires when free");
    assertFalse(pool.hasRoom());
    pool.freed("f4", retired::add);
    assertFalse(retired.contains("f4"), "within the limit: it stays, idle");
    assertEquals(1, pool.idleCount());
    assertTrue(pool.hasRoom());
  }

  @Test
  void aStoppedFetcherIsForgottenWithItsUrl() {
    FetcherPool<String> pool = new FetcherPool<>(2);
    pool.assign(item(0), spawn);
    pool.assign(item(1), spawn);
    pool.freed("f2", retired::add);
    assertEquals(item(0), pool.stopped("f1"));
    assertNull(pool.stopped("f2"), "an idle one had no URL");
    assertEquals(0, pool.busyCount());
    assertEquals(0, pool.idleCount());
    assertEquals(List.of(), pool.busyItems());
  }
}
