package dev.fetchpipe.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.pipeline.LimitOrder;
import org.junit.jupiter.api.Test;

class JobOrdersTest {

  @Test
  void limitsNameOnlyWhatChanges() {
    LimitOrder limits = JobOrders.limits("{\"maxInFlight\": 50}", 1000);
    assertEquals(50, limits.maxInFlight());
    assertNull(limits.maxPerHost());
    assertNull(limits.writerThreads());
  }

  @Test
  void byteRatesAreBytesASecondOrWrittenAsInConfig() {
    assertEquals(new LimitOrder(null, null, null, 2_097_152L, 0L, null, null),
        JobOrders.limits("{\"maxBytesPerSecond\": \"2MiB\", \"maxBytesPerSecondPerUrl\": \"off\"}", 1000));
    assertEquals(new LimitOrder(null, null, null, 500_000L, null, null, null), JobOrders.limits("{\"maxBytesPerSecond\": 500000}", 1000));
    assertEquals(0L, JobOrders.limits("{\"maxBytesPerSecond\": 0}", 1000).maxBytesPerSecond(), "0 is no limit");
    for (String bad : new String[] {"-1", "\"-2MiB\"", "\"fast\"", "2.5", "true", "{}", "1e300"}) {
      SettingsException e = assertThrows(SettingsException.class,
          () -> JobOrders.limits("{\"maxBytesPerSecond\": " + bad + "}", 1000), bad);
      assertEquals("maxBytesPerSecond", e.key(), bad);
      assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
  }

  @Test
  void aPerHostPaceIsWrittenAsInConfigAndOffClearsIt() {
    assertEquals(LimitOrder.pace(500L, 2.0), JobOrders.limits("{\"perHostDelay\": \"500ms\", \"perHostRate\": 2}", 1000));
    assertEquals(LimitOrder.pace(1_500L, 0.5), JobOrders.limits("{\"perHostDelay\": \"1.5s\", \"perHostRate\": \"0.5\"}", 1000));
    assertEquals(LimitOrder.pace(0L, 0.0), JobOrders.limits("{\"perHostDelay\": \"off\", \"perHostRate\": \"off\"}", 1000));
    assertEquals(LimitOrder.pace(0L, 0.0), JobOrders.limits("{\"perHostDelay\": 0, \"perHostRate\": 0}", 1000), "0 is none");
    assertEquals(LimitOrder.pace(3_600_000L, 100_000.0),
        JobOrders.limits("{\"perHostDelay\": \"1h\", \"perHostRate\": 100000}", 1000), "the most each takes");
    String[][] bad = {
        {"perHostDelay", "-1s", "must not be negative"}, {"perHostDelay", "\"-500ms\"", "must not be negative"},
        {"perHostDelay", "500", "must be a delay such as \"500ms\""}, {"perHostDelay", "\"500\"", "needs a unit"},
        {"perHostDelay", "\"soon\"", "expected a delay such as 500ms"}, {"perHostDelay", "\"5 fortnights\"", "expected"},
        {"perHostDelay", "\"2h\"", "at most 1h"}, {"perHostDelay", "\"99999999999999999999d\"", "expected"},
        {"perHostDelay", "\"0.1ms\"", "at least 1ms"}, {"perHostDelay", "true", "must be a delay"},
        {"perHostRate", "-1", "must not be negative"}, {"perHostRate", "\"-0.5\"", "must not be negative"},
        {"perHostRate", "\"fast\"", "expected requests a second"}, {"perHostRate", "1e300", "at most 100000"},
        {"perHostRate", "100001", "at most 100000"}, {"perHostRate", "[2]", "must be requests a second"}};
    for (String[] one : bad) {
      String body = "{\"" + one[0] + "\": " + one[1].replace("-1s", "\"-1s\"") + "}";
      SettingsException e = assertThrows(SettingsException.class, () -> JobOrders.limits(body, 1000), body);
      assertEquals(one[0], e.key(), body);
      assertTrue(e.getMessage().contains(one[2]), body + ": " + e.getMessage());
      assertEquals(1, e.getMessage().lines().count(), e.getMessage());
      assertFalse(e.getMessage().contains("Exception"), e.getMessage());
    }
  }

  @Test
  void badLimitsAreOneLineNamingTheField() {
    assertEquals("maxInFlight", assertThrows(SettingsException.class, () -> JobOrders.limits("{\"maxInFlight\": 0}", 1000)).key());
    SettingsException over = assertThrows(SettingsException.class, () -> JobOrders.limits("{\"maxPerHost\": 1001}", 1000));
    assertTrue(over.getMessage().contains("daemon.max-in-flight-limit"), over.getMessage());
    assertEquals("writerThreads", assertThrows(SettingsException.class, () -> JobOrders.limits("{\"writerThreads\": 2.5}", 1000)).key());
    assertEquals("writerThreads", assertThrows(SettingsException.class, () -> JobOrders.limits("{\"writerThreads\": \"4\"}", 1000)).key());
    assertEquals("maxInflight", assertThrows(SettingsException.class, () -> JobOrders.limits("{\"maxInflight\": 5}", 1000)).key());
    assertThrows(SettingsException.class, () -> JobOrders.limits("{}", 1000));
    assertThrows(SettingsException.class, () -> JobOrders.limits("{\"maxInFlight\": 5", 1000));
    assertThrows(SettingsException.class, () -> JobOrders.limits("[5]", 1000));
    assertThrows(SettingsException.class, () -> JobOrders.limits("", 1000));
  }

  @Test
  void aCancelBodyIsOptional() {
    var empty = JobOrders.object("", true, "reason", "abort");
    assertFalse(JobOrders.flag(empty, "abort"));
    assertEquals("", JobOrders.text(empty, "reason"));
    var order = JobOrders.object("{\"reason\": \"enough\", \"abort\": true}", true, "reason", "abort");
    assertTrue(JobOrders.flag(order, "abort"));
    assertEquals("enough", JobOrders.text(order, "reason"));
    assertThrows(SettingsException.class, () -> JobOrders.flag(JobOrders.object("{\"abort\": 1}", true, "abort"), "abort"));
  }
}
