package dev.fetchpipe.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The warm-up reads answers of the daemon's shape, so that the code it runs is the code the commands run. */
class ClientPreloadTest {

  @Test
  void itsSampleAnswersAreReadAsTheCommandsReadTheDaemonsWithoutError() throws Exception {
    ClientPreload.run();

    assertEquals("downloads", ConfigFactory.parseString(ClientPreload.CONFIG).getString("fetchpipe.job.output-dir"));
    Submitted submitted = Submitted.from(JsonFields.parse(ClientPreload.SUBMITTED));
    assertEquals("/api/jobs/J", submitted.self());
    assertEquals(Duration.ofSeconds(2), submitted.progress().plainInterval());
    RemoteJobStatus status = RemoteJobStatus.from(JsonFields.parse(ClientPreload.STATUS));
    assertEquals(1, status.settings().maxInFlight());
    EndSummary summary = EndSummary.from(JsonFields.parse(ClientPreload.STATUS));
    assertTrue(summary.present());
    assertEquals("http://h/", summary.report(status, 1).items().get(0).url());
  }
}
