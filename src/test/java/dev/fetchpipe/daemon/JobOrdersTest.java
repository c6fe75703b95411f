package dev.fetchpipe.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.config.SettingsException;
import org.junit.jupiter.api.Test;

class JobOrdersTest {

  @Test
  void limitsNameOnlyWhatChanges() {
    JobOrders.Limits limits = JobOrders.limits("{\"maxInFlight\": 50}", 1000);
    assertEquals(50, limits.maxInFlight());
    assertNull(limits.maxPerHost());
    assertNull(limits.writerThreads());
  }

  @Test
  void byteRatesAreBytesASecondOrWrittenAsInConfig() {
    assertEquals(new JobOrders.Limits(null, null, null, 2_097_152L, 0L),
        JobOrders.limits("{\"maxBytesPerSecond\": \"2MiB\", \"maxBytesPerSecondPerUrl\": \"off\"}", 1000));
    assertEquals(new JobOrders.Limits(null, null, null, 500_000L, null), JobOrders.limits("{\"maxBytesPerSecond\": 500000}", 1000));
    assertEquals(0L, JobOrders.limits("{\"maxBytesPerSecond\": 0}", 1000).maxBytesPerSecond(), "0 is no limit");
    for (String bad : new String[] {"-1", "\"-2MiB\"", "\"fast\"", "2.5", "true", "{}", "1e300"}) {
      SettingsException e = assertThrows(SettingsException.class,
          () -> JobOrders.limits("{\"maxBytesPerSecond\": " + bad + "}", 1000), bad);
      assertEquals("maxBytesPerSecond", e.key(), bad);
      assertEquals(1, e.getMessage().lines().count(), e.getMessage());
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
