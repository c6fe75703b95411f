package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.testing.LoopbackOrigin;
import dev.fetchpipe.testing.OutputFiles;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What a signal does at each point of a job's life; the JVM's halt is replaced by a list of the statuses asked for. */
class SignalCancelTest {
  @RegisterExtension
  static final LoopbackOrigin ORIGIN = new LoopbackOrigin();

  private final List<Integer> halts = new CopyOnWriteArrayList<>();

  @Test
  void whileTheJobRunsTheThirdSignalHalts() {
    ActorSystem<PipelineSupervisor.Command> job = ActorSystem.create(Behaviors.ignore(), "running-job");
    try (SignalCancel signals = new SignalCancel(halts::add)) {
      signals.attach(job);
      signals.onSignal(CancelSource.INTERRUPT);
      signals.onSignal(CancelSource.INTERRUPT);
      assertEquals(List.of(), halts, "the first two cancel, then abort");
      signals.onSignal(CancelSource.INTERRUPT);
      assertEquals(List.of(130), halts);
    } finally {
      job.terminate();
    }
  }

  @Test
  void afterTheJobHasPrintedItsResultSignalsNeverHalt(@TempDir Path out) {
    try (SignalCancel signals = new SignalCancel(halts::add)) {
      JobRunner.run(TestJobs.settings(out, List.of(ORIGIN.get().url("/bytes/20"))), Spinner.Mode.OFF,
          new PrintStream(OutputStream.nullOutputStream()), signals::attach);

      for (int i = 0; i < 3; i++) signals.onSignal(CancelSource.INTERRUPT);

      assertEquals(List.of(), halts, "the exit was under way: nothing to halt for");
      assertEquals(List.of(), OutputFiles.temporary(out));
    }
  }
}
