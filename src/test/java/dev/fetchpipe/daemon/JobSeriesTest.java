package dev.fetchpipe.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fetchpipe.pipeline.JobLimits;
import dev.fetchpipe.pipeline.JobStatus;
import dev.fetchpipe.report.Counts;
import org.junit.jupiter.api.Test;

/** A job's series from its start: every progress kept while few, evenly thinned when many, the last moment always. */
class JobSeriesTest {

  private static JobStatus status(JobStatus.State state, long elapsedMs, int done) {
    return new JobStatus(state, "http://h", "/o", 100_000, new Counts(done, 0, 0, 0, 0, 0, 0), 5, 0, 100_000 - done - 5, 0, 0,
        elapsedMs, new JobLimits(5, 5, 4), null);
  }

  @Test
  void eachProgressIsASampleWithTheNumbersThePageDraws() {
    JobSeries series = new JobSeries(250);
    series.add(status(JobStatus.State.RUNNING, 250, 3), 2);
    series.add(status(JobStatus.State.RUNNING, 300, 4), 2); // too soon after the last: dropped
    series.add(status(JobStatus.State.RUNNING, 500, 7), 1);
    JsonNode json = series.json();
    assertEquals("[\"t\",\"inFlight\",\"queued\",\"busy\",\"ok\",\"done\",\"maxInFlight\",\"writerThreads\"]",
        json.get("fields").toString());
    assertEquals("[[250,5,99992,2,3,3,5,4],[500,5,99988,1,7,7,5,4]]", json.get("samples").toString());
    assertEquals("series", series.event().type());
  }

  @Test
  void aLongJobIsThinnedEvenlyFromItsStartAndKeepsItsLastMoment() {
    JobSeries series = new JobSeries(250);
    long t = 0;
    for (int i = 1; i <= 20_000; i++) {
      t = i * 250L; // 5000 s of progress events, every 250 ms
      series.add(status(JobStatus.State.RUNNING, t, i), 0);
    }
    series.add(status(JobStatus.State.DONE, t + 10, 20_000), 0); // the end is kept, however soon
    assertTrue(series.size() <= JobSeries.MOST, series.size() + " samples");
    assertTrue(series.size() >= JobSeries.MOST / 2, series.size() + " samples");
    JsonNode samples = series.json().get("samples");
    assertEquals(250, samples.get(0).get(0).asLong(), "from the job's start");
    assertEquals(t + 10, samples.get(samples.size() - 1).get(0).asLong(), "to its end");
    long widest = 0;
    for (int i = 1; i < samples.size() - 1; i++) {
      widest = Math.max(widest, samples.get(i).get(0).asLong() - samples.get(i - 1).get(0).asLong());
    }
    assertTrue(widest <= 2 * (t / JobSeries.MOST) * 2, "evenly spread: widest gap " + widest + " ms");
  }
}
