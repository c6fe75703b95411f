package dev.fetchpipe.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.config.SettingsException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing --vary KEY=v1,v2,...: the key checked against reference.conf, the values split as --set would read them. */
class VaryTest {

  @Test
  void theKeyMayLeaveOutFetchpipeAndTheValuesKeepTheirOrder() {
    Vary short_ = Vary.parse("fetch.max-in-flight=1,5,10,20,30,100,500");
    Vary full = Vary.parse("fetchpipe.fetch.max-in-flight=1,5,10,20,30,100,500");

    assertEquals(full, short_);
    assertEquals("fetchpipe.fetch.max-in-flight", short_.key());
    assertEquals(List.of("1", "5", "10", "20", "30", "100", "500"), short_.values());
    assertEquals("fetchpipe.fetch.max-in-flight=5", short_.set("5"));
    assertEquals("fetch.max-in-flight", short_.shortKey());
  }

  @Test
  void keysUnderPekkosOpenSectionsAndPekkoItselfAreCheckedToo() {
    assertEquals("fetchpipe.blocking-io-dispatcher.thread-pool-executor.fixed-pool-size",
        Vary.parse("blocking-io-dispatcher.thread-pool-executor.fixed-pool-size=1, 2 ,4").key());
    assertEquals(List.of("1", "2", "4"),
        Vary.parse("blocking-io-dispatcher.thread-pool-executor.fixed-pool-size=1, 2 ,4").values());
    assertEquals("pekko.http.host-connection-pool.max-connections",
        Vary.parse("pekko.http.host-connection-pool.max-connections=4,8").key());
  }

  @Test
  void aHoconListIsOneValue() {
    assertEquals(List.of("[CN, US]", "[CN, US, BR]", "\"a,b\""),
        Vary.parse("job.codes=[CN, US],[CN, US, BR],\"a,b\"").values());
  }

  @Test
  void badInputIsOneLineNamingVary() {
    String[][] cases = {
        {"fetch.max-in-flight", "expected KEY=VALUE"},
        {"fetch.max-inflight=1,2", "unknown key \"fetch.max-inflight\""},
        {"blocking-io-dispatcher.thread-pool-executor.fixed-pool-sise=1", "unknown key"},
        {"=1,2", "unknown key"},
        {"fetch..max-in-flight=1", "unknown key"},
        {"fetch.max-in-flight=", "no values"},
        {"fetch.max-in-flight=1,,2", "an empty value"},
        {"fetch.max-in-flight=1,2,", "an empty value"},
        {"fetch.max-in-flight=5,5", "given twice"},
        {"job.output-dir=a,b", "cannot be varied"},
    };
    for (String[] c : cases) {
      SettingsException e = assertThrows(SettingsException.class, () -> Vary.parse(c[0]), c[0]);
      assertEquals("--vary", e.key(), c[0]);
      assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
      assertEquals(1, e.getMessage().lines().count());
    }
  }
}
