package dev.fetchpipe.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HTTP side of the client: what it sends, what it makes of the answers,, and that no daemon is one line. */
class DaemonClientTest {

  @Test
  void noDaemonAtTheAddressIsOneLineAndExit2() throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    DaemonClient client = new DaemonClient(DaemonEndpoint.fromUrl("http://127.0.0.1:" + port + "/?token=t"));

    ClientException e = assertThrows(ClientException.class, client::jobs);

    assertEquals("no daemon answers at http://127.0.0.1:" + port + "/ (connection refused)", e.getMessage());
    assertEquals(2, e.exitCode());
  }

  @Test
  void everyRequestCarriesTheTokenAndEventsArriveInOrderUntilTheHandlerHasEnough() throws Exception {
    try (FakeDaemon daemon = new FakeDaemon(); DaemonClient client = new DaemonClient(DaemonEndpoint.fromUrl(daemon.url()))) {
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
    try (FakeDaemon daemon = new FakeDaemon(); DaemonClient client = new DaemonClient(DaemonEndpoint.fromUrl(daemon.url()))) {
      daemon.on("GET", "/api/jobs", new FakeDaemon.Answer(502, "text/html", "<html>\n<h1>Bad Gateway</h1>\n</html>"));

      ClientException e = assertThrows(ClientException.class, client::jobs);

      assertEquals("HTTP 502: <html>", e.getMessage());
      assertEquals(1, e.exitCode());
      assertFalse(e.getMessage().contains("\n"));
    }
  }
}
