package dev.fetchpipe.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fetchpipe.report.Counts;
import java.util.List;
import org.junit.jupiter.api.Test;

/** fetchpipe jobs's table: numbers aligned on their right, a dash for what a job being prepared does not know yet. */
class JobsTableTest {

  private static RemoteJobStatus running(String id, int done, String outputDir) {
    return new RemoteJobStatus(id, "RUNNING", "http://127.0.0.1:8001/flags", outputDir, 194, done,
        new Counts(done - 1, 0, 0, 1, 0, 0, 0), 20,
        194 - done - 20, 1000, 5.0, 12_345, new RemoteJobStatus.Limits(20, 20, 4), null, null, "2026-12-01T22:00:00Z", null, null, null,
        null, null, 0, null);
  }

  @Test
  void oneLineAJobWithANoteForThoseThatHaveNoCountsYet() {
    RemoteJobStatus starting = new RemoteJobStatus("J3", "STARTING", null, null, 0, 0, Counts.NONE, 0, 0, 0, 0, 0, null, null,
        null, "2026-12-01T22:01:00Z", null, null, null, null, null, 0, null);
    RemoteJobStatus failed = new RemoteJobStatus("J2", "DONE", null, null, 0, 0, Counts.NONE, 0, 0, 0, 0, 0, null, null, 2,
        "2026-12-01T22:00:30Z", "output dir is gone", null, null, null, null, 0, null);

    assertEquals("""
        ID  STATE                      DONE  OK/FAILED/SKIPPED  IN FLIGHT  ELAPSED  OUTPUT DIR
        J3  STARTING                      -                  -          -        -
        J2  DONE (could not start)        -                  -          -        -
        J1  RUNNING                 120/194            119/1/0         20    12.3s  /abs/flags
        """, JobsTable.render(List.of(starting, failed, running("J1", 120, "/abs/flags"))));
  }

  @Test
  void noJobsSaysSo() {
    assertEquals("No jobs.\n", JobsTable.render(List.of()));
  }
}
