package dev.fetchpipe.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fetchpipe.pipeline.JobEvent;
import dev.fetchpipe.report.HostPause;
import org.junit.jupiter.api.Test;

/** A job's events as its event stream carries them. */
class EventJsonTest {

  @Test
  void aHostPauseIsAHostPauseEventWithTheHostItsTimesAndWhy() throws Exception {
    JobFeed.Event event = EventJson.of(new JobEvent.HostPaused(
        new HostPause("http://127.0.0.1:8001", 960.5, 2960.5, "HTTP 429 Too Many Requests, Retry-After 2 s")),
        status -> { throw new AssertionError("no status in a pause"); });

    assertEquals("hostPause", event.type());
    assertEquals(Json.MAPPER.readTree("{\"host\": \"http://127.0.0.1:8001\", \"atMs\": 960.5, \"untilMs\": 2960.5,"
        + " \"reason\": \"HTTP 429 Too Many Requests, Retry-After 2 s\"}"), event.data());
  }

  @Test
  void aRobotsWarningIsARobotsEventWithTheHostAndTheWarning() throws Exception {
    JobFeed.Event event = EventJson.of(new JobEvent.RobotsWarning(12.5, "http://127.0.0.1:8001",
        "http://127.0.0.1:8001/robots.txt asks a Crawl-delay of 24 h: held to 30 s (fetch.retry.max-retry-after)"),
        status -> { throw new AssertionError("no status in a warning"); });

    assertEquals("robots", event.type());
    assertEquals(Json.MAPPER.readTree("{\"atMs\": 12.5, \"host\": \"http://127.0.0.1:8001\", \"warning\":"
        + " \"http://127.0.0.1:8001/robots.txt asks a Crawl-delay of 24 h: held to 30 s (fetch.retry.max-retry-after)\"}"),
        event.data());
  }
}
