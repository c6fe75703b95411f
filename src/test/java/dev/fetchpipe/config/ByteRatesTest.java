package dev.fetchpipe.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fetchpipe.report.RateWords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRatesTest {

  @ParameterizedTest
  @CsvSource({"2MiB, 2097152", "2MiB/s, 2097152", "2 MiB / s, 2097152", "500KiB, 512000", "500k, 512000",
      "500KB, 500000", "1.5MiB, 1572864", "800000, 800000", "1G, 1073741824", "1b, 1", "off, 0", "OFF, 0", "false, 0", "0, 0", "0KiB, 0"})
  void readsRatesAsWritten(String written, long bytesPerSecond) {
    assertEquals(bytesPerSecond, ByteRates.parse("fetch.max-bytes-per-second", written));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "fast", "2MiB/min", "2 Mbit", "MiB", "1e6", "0x10", "2MiB/s/s", "0.5", "2TiB", "2048GiB"})
  void garbageZeroAndTooMuchAreOneLineNamingTheKey(String written) {
    SettingsException e = assertThrows(SettingsException.class, () -> ByteRates.parse("fetch.max-bytes-per-second", written));
    String message = e.getMessage();
    assertEquals(1, message.lines().count(), message);
    assertEquals(true, message.contains("fetch.max-bytes-per-second"), message);
  }

  @Test
  void aNegativeRateSaysSo() {
    SettingsException e = assertThrows(SettingsException.class, () -> ByteRates.parse("--rate", "-2MiB"));
    assertEquals(true, e.getMessage().contains("must not be negative"), e.getMessage());
  }

  @Test
  void ratesForPeople() {
    assertEquals("off", RateWords.of(0));
    assertEquals("2MiB/s", RateWords.of(2 << 20));
    assertEquals("1.5MiB/s", RateWords.of(1_572_864));
    assertEquals("500KiB/s", RateWords.of(512_000));
    assertEquals("800B/s", RateWords.of(800));
    assertEquals("", RateWords.after(0, 0));
    assertEquals(", rate 2MiB/s, per URL off", RateWords.after(2 << 20, 0));
  }
}
