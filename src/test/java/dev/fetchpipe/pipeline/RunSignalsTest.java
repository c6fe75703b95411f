package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.testing.LoopbackOrigin;
import dev.fetchpipe.testing.OutputFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What a signal does to run at each point of a job's life; the JVM's halt is replaced by a list of the statuses asked for. */
class RunSignalsTest {
  @RegisterExtension
  static final LoopbackOrigin ORIGIN = new LoopbackOrigin();

  private final List<Integer> halts = new CopyOnWriteArrayList<>();

  @Test
  void beforeTheJobStartsASignalExitsAtOnce() {
    try (RunSignals signals = new RunSignals(halts::add)) {
      signals.signalled(CancelSource.TERMINATE, 1);
      assertEquals(List.of(143), halts);
    }
  }

  @Test
  void whileTheJobRunsTheFirstCancelsTheSecondAbortsAndTheThirdHalts() {
    ActorTestKit kit = ActorTestKit.create();
    TestProbe<PipelineSupervisor.Command> job = kit.createTestProbe();
    try (RunSignals signals = new RunSignals(halts::add)) {
      signals.attach(job.getRef(), kit.system());
      signals.signalled(CancelSource.INTERRUPT, 1);
      signals.signalled(CancelSource.INTERRUPT, 2);
      assertEquals(new PipelineSupervisor.Cancel(CancelSource.INTERRUPT, ""), job.receiveMessage());
      assertEquals(new PipelineSupervisor.Cancel(CancelSource.INTERRUPT, ""), job.receiveMessage(), "a second cancel aborts");
      assertEquals(List.of(), halts);
      signals.signalled(CancelSource.INTERRUPT, 3);
      assertEquals(List.of(130), halts);
    } finally {
      kit.shutdownTestKit();
    }
  }

  @Test
  void afterTheJobHasEndedSignalsNeverHalt(@TempDir Path out) {
    try (RunSignals signals = new RunSignals(halts::add)) {
      JobRunner.run(TestJobs.settings(out, List.of(ORIGIN.get().url("/bytes/20"))), null, List.of(), true, signals::attach);

      for (int i = 1; i <= 3; i++) signals.signalled(CancelSource.INTERRUPT, i);

      assertEquals(List.of(), halts, "the exit was under way: nothing to halt for");
      assertEquals(List.of(), OutputFiles.temporary(out));
    }
  }
}
