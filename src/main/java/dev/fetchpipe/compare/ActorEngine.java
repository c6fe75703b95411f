package dev.fetchpipe.compare;

import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.pipeline.JobRunner;
import dev.fetchpipe.pipeline.Spinner;
import dev.fetchpipe.report.JobReport;
import java.io.OutputStream;
import java.io.PrintStream;

/** fetchpipe itself: the actor pipeline, exactly as `fetchpipe run` starts it, with its header and summary muted. */
final class ActorEngine {
  private ActorEngine() {}

  static JobReport run(FetchpipeSettings settings, RunCancel cancel) {
    try {
      return JobRunner.run(settings, Spinner.Mode.OFF, new PrintStream(OutputStream.nullOutputStream()), cancel::attach);
    } finally {
      cancel.detach();
    }
  }
}
