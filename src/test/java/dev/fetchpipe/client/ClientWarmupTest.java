package dev.fetchpipe.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The warm-up reads answers of the daemon's shape, so that the readers it builds are the ones the commands use. */
class ClientWarmupTest {

  @Test
  void itsSampleAnswersAreReadAsTheCommandsReadTheDaemonsWithoutError() throws Exception {
    ClientWarmup.run();

    Submitted submitted = ClientJson.MAPPER.readValue(ClientWarmup.SUBMITTED, Submitted.class);
    assertEquals("/api/jobs/J", submitted.self());
    assertEquals(java.time.Duration.ofSeconds(2), submitted.progress().plainInterval());
    JobStatus status = ClientJson.MAPPER.readValue(ClientWarmup.STATUS, JobStatus.class);
    assertEquals(1, status.settings().maxInFlight());
    EndSummary summary = ClientJson.MAPPER.readValue(ClientWarmup.STATUS, EndSummary.class);
    assertTrue(summary.present());
    assertEquals("http://h/", summary.report(status, 1).items().get(0).url());
  }
}
