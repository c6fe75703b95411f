package dev.fetchpipe.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who may start beside the daemon's running jobs, and who waits for a killed run's job to end. */
class RunningJobsTest {
  private static final Path OUT = Path.of("/tmp/out");

  @Test
  void aSecondJobIntoOneOutputDirIsBusyNamingTheFirstWhetherOrNotItIsARun() {
    RunningJobs<String> jobs = new RunningJobs<>();
    assertInstanceOf(RunningJobs.Start.class, jobs.admit("a", OUT, true, 4));
    jobs.started("j1", OUT, true);

    assertEquals(new RunningJobs.Busy("j1", OUT), jobs.admit("b", OUT, false, 4));
    // Another terminal's run into the folder a live run writes into: busy, as run in process says it, once the
    // daemon has had a moment to learn whether that run's client has just gone.
    assertEquals(new RunningJobs.Holds("j1"), jobs.admit("c", OUT, true, 4));
    assertTrue(jobs.stopWaiting("c", OUT, "j1"), "j1's client is still there: busy");
    assertFalse(jobs.stopWaiting("c", OUT, "j1"), "told once");
    assertInstanceOf(RunningJobs.Start.class, jobs.admit("d", Path.of("/tmp/other"), true, 4));
  }

  @Test
  void aRunIntoTheDirOfARunWhoseClientGoesAMomentLaterWaitsForItsEnd() {
    RunningJobs<String> jobs = new RunningJobs<>();
    jobs.started("killed", OUT, true);
    assertEquals(new RunningJobs.Holds("killed"), jobs.admit("rerun", OUT, true, 4));
    jobs.orphaned("killed");
    assertFalse(jobs.stopWaiting("rerun", OUT, "killed"), "its client went: the rerun waits for the abort");
    assertEquals(List.of("rerun"), jobs.ended("killed"));
    assertFalse(jobs.stopWaiting("rerun", OUT, "killed"), "handed back already");
  }

  @Test
  void aRunIntoTheOutputDirOfAKilledRunsJobWaitsForItToEndThenStarts() {
    RunningJobs<String> jobs = new RunningJobs<>();
    jobs.started("killed", OUT, true);
    jobs.orphaned("killed");

    assertInstanceOf(RunningJobs.Waits.class, jobs.admit("rerun", OUT, true, 4));
    assertInstanceOf(RunningJobs.Waits.class, jobs.admit("rerun again", OUT, true, 4));
    // A job submitted otherwise is told the dir is busy: it has no client waiting on it.
    assertEquals(new RunningJobs.Busy("killed", OUT), jobs.admit("submitted", OUT, false, 4));
    assertEquals(List.of(), jobs.ended("unrelated"));

    assertEquals(List.of("rerun", "rerun again"), jobs.ended("killed"), "handed back in the order they came");
    assertInstanceOf(RunningJobs.Start.class, jobs.admit("rerun", OUT, true, 4));
    assertEquals(List.of(), jobs.ended("killed"), "nothing waits twice");
  }

  @Test
  void maxJobsCountsTheJobsNotRunsAndLimitsOnlyThem() {
    RunningJobs<String> jobs = new RunningJobs<>();
    jobs.started("s1", Path.of("/tmp/1"), false);
    jobs.started("r1", Path.of("/tmp/2"), true);
    jobs.started("r2", Path.of("/tmp/3"), true);

    assertInstanceOf(RunningJobs.Start.class, jobs.admit("s2", Path.of("/tmp/4"), false, 2));
    jobs.started("s2", Path.of("/tmp/4"), false);
    assertEquals(new RunningJobs.TooMany(4), jobs.admit("s3", Path.of("/tmp/5"), false, 2));
    assertInstanceOf(RunningJobs.Start.class, jobs.admit("r3", Path.of("/tmp/6"), true, 2), "run in process has no limit");

    jobs.ended("s1");
    assertInstanceOf(RunningJobs.Start.class, jobs.admit("s3", Path.of("/tmp/5"), false, 2));
  }

  @Test
  void aJobOrphanedAfterItEndedIsForgotten() {
    RunningJobs<String> jobs = new RunningJobs<>();
    jobs.started("j1", OUT, true);
    jobs.ended("j1");
    jobs.orphaned("j1");
    jobs.started("j2", OUT, false);

    assertEquals(new RunningJobs.Busy("j2", OUT), jobs.admit("c", OUT, true, 4), "j2 is no run's");
  }
}
