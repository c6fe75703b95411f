package dev.fetchpipe.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** fetchpipe.compare.thread-pool.size: the threads engine's pool. */
class CompareSettingsTest {

  private static CompareSettings from(String... sets) {
    List<String> all = new ArrayList<>(List.of("job.urls=[\"http://127.0.0.1:1/a.gif\"]"));
    all.addAll(List.of(sets));
    return CompareSettings.from(FetchpipeSettings.from(ConfigLayers.merge(null, Map.of(), all)));
  }

  @Test
  void byDefaultThePoolHasAsManyThreadsAsTheJobHasRequestsInFlight() {
    assertEquals(new CompareSettings(20, true), from());
    assertEquals(new CompareSettings(7, true), from("fetch.max-in-flight=7"));
  }

  @Test
  void aNumberFixesIt() {
    assertEquals(new CompareSettings(500, false), from("compare.thread-pool.size=500", "fetch.max-in-flight=7"));
  }

  @Test
  void badSizesNameTheKeyOnOneLine() {
    for (String bad : List.of("0", "-3", "2.5", "lots", "10001", "[1]")) {
      SettingsException e = assertThrows(SettingsException.class, () -> from("compare.thread-pool.size=" + bad), bad);
      assertEquals("fetchpipe.compare.thread-pool.size", e.key(), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
    assertTrue(assertThrows(SettingsException.class, () -> from("compare.thread-pool.size=lots"))
        .getMessage().contains("or max-in-flight"));
  }
}
