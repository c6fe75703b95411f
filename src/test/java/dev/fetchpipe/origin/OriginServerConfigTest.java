package dev.fetchpipe.origin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.OriginSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OriginServerConfigTest {

  @Test
  void requestsMayWaitForTheLongestDelayRoute() {
    Config config = OriginServer.serverConfig(ConfigFactory.load(), OriginSettings.fastLoopback());
    Duration requestTimeout = config.getDuration("pekko.http.server.request-timeout");
    assertTrue(requestTimeout.compareTo(Duration.ofSeconds(60)) > 0, requestTimeout.toString());
  }

  @Test
  void requestTimeoutGrowsWithTheServerDelay() {
    var slow = new OriginSettings("127.0.0.1", 0, Duration.ofSeconds(30), Duration.ofSeconds(10), 0.0);
    Config config = OriginServer.serverConfig(ConfigFactory.load(), slow);
    Duration requestTimeout = config.getDuration("pekko.http.server.request-timeout");
    assertTrue(requestTimeout.compareTo(Duration.ofSeconds(100)) > 0, requestTimeout.toString());
  }

  @Test
  void idleTimeoutIsLongerThanRequestTimeout() {
    Config config = OriginServer.serverConfig(ConfigFactory.load(), OriginSettings.fastLoopback());
    Duration requestTimeout = config.getDuration("pekko.http.server.request-timeout");
    Duration idleTimeout = config.getDuration("pekko.http.server.idle-timeout");
    assertTrue(idleTimeout.compareTo(requestTimeout) > 0, idleTimeout + " vs " + requestTimeout);
  }

  @Test
  void backlogHoldsABurstOfAThousandConnections() {
    Config config = OriginServer.serverConfig(ConfigFactory.load(), OriginSettings.fastLoopback());
    assertEquals(1024, config.getInt("pekko.http.server.backlog"));
    assertTrue(config.getInt("pekko.http.server.max-connections") >= 1000);
  }

  @Test
  void theCallersOtherSettingsAreKept() {
    Config given = ConfigFactory.parseString("fetchpipe.marker = 42").withFallback(ConfigFactory.load());
    assertEquals(42, OriginServer.serverConfig(given, OriginSettings.fastLoopback()).getInt("fetchpipe.marker"));
  }
}
