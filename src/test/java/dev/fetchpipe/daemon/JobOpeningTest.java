package dev.fetchpipe.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.job.OutputDirBusyException;
import org.junit.jupiter.api.Test;

/** Why a new job did not start, as the API says it. */
class JobOpeningTest {

  @Test
  void aBusyOutputDirIsAConflictToTryAgainLater() {
    ApiReply reply = JobOpening.refusal(new OutputDirBusyException("/tmp/out is in use by another fetchpipe run"));
    assertEquals(409, reply.status());
    assertEquals("fetchpipe.job.output-dir: /tmp/out is in use by another fetchpipe run", reply.body().get("error").asText());
  }

  @Test
  void settingsThatCanNeverWorkAreABadRequestAndAnythingElseTheDaemonsFault() {
    assertEquals(400, JobOpening.refusal(new SettingsException("fetchpipe.job.url-file", "no such file: x")).status());
    ApiReply other = JobOpening.refusal(new IllegalStateException("cannot keep the job in the state dir: disk full"));
    assertEquals(500, other.status());
    assertEquals("cannot keep the job in the state dir: disk full", other.body().get("error").asText());
  }

  @Test
  void aFailureWithoutAMessageIsNamedByItsKindOnOneLine() {
    assertEquals("null pointer", JobOpening.message(new NullPointerException()), "in plain words, not a Java name");
    assertEquals("a b", JobOpening.refusal(new IllegalStateException("a\nb")).body().get("error").asText());
  }
}
