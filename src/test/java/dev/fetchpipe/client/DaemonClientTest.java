package dev.fetchpipe.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The HTTP side of the client: what it sends, what it makes of the answers, and that it leaves no thread behind. */
class DaemonClientTest {

  private static Set<String> selectorThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(name -> name.matches("HttpClient-\\d+-SelectorManager")).collect(Collectors.toSet());
  }

  @Test
  void closingStopsTheSelectorThreadSoTheJvmNeedNotWaitForItAtExit() throws Exception {
    try (FakeDaemon daemon = new FakeDaemon()) {
      daemon.on("GET", "/api/jobs", FakeDaemon.Answer.json(200, "{\"jobs\": []}"));
      Set<String> before = selectorThreads();
      DaemonClient client = new DaemonClient(DaemonAddress.fromUrl(daemon.url()));
      assertEquals(0, client.jobs().size());
      assertTrue(selectorThreads().size() > before.size(), "the client's selector runs while it is open");

      client.close();

      assertEquals(before, selectorThreads());
    }
  }

  @Test
  void everyRequestCarriesTheTokenAndEventsArriveInOrderUntilTheHandlerHasEnough() throws Exception {
    try (FakeDaemon daemon = new FakeDaemon(); DaemonClient client = new DaemonClient(DaemonAddress.fromUrl(daemon.url()))) {
      daemon.on("GET", "/api/jobs/J1/events", FakeDaemon.Answer.events(FakeDaemon.event("progress", "{\"done\": 1}"),
          FakeDaemon.event("end", "{\"state\": \"DONE\"}"), FakeDaemon.event("after-the-end", "{}")));
      List<String> types = new ArrayList<>();

      client.events("J1", event -> {
        types.add(event.type());
        return !event.type().equals("end");
      });

      assertEquals(List.of("progress", "end"), types);
      assertEquals("Bearer " + FakeDaemon.TOKEN, daemon.received().get(0).authorization());
    }
  }

  @Test
  void anAnswerThatIsNotTheDaemonsJsonIsOneLineWithTheStatus() throws Exception {
    try (FakeDaemon daemon = new FakeDaemon(); DaemonClient client = new DaemonClient(DaemonAddress.fromUrl(daemon.url()))) {
      daemon.on("GET", "/api/jobs", new FakeDaemon.Answer(502, "text/html", "<html>\n<h1>Bad Gateway</h1>\n</html>"));

      ClientException e = assertThrows(ClientException.class, client::jobs);

      assertEquals("HTTP 502: <html>", e.getMessage());
      assertEquals(1, e.exitCode());
      assertFalse(e.getMessage().contains("\n"));
    }
  }
}
