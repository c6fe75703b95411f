package dev.fetchpipe.pipeline;

import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.job.OutputDir;
import dev.fetchpipe.journal.JournalEntry;
import dev.fetchpipe.journal.Resume;
import java.nio.file.Path;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A fetcher's dealings with its URLs' partial files ({@link PartialBody}): which body the first request continues,
 * the journal's partial lines as a body starts and as it is cut off, and which files go. Every disk operation is the
 * writer's, so nothing here blocks.
 */
final class PartialFiles {
  private final Path outputDir;
  private final ActorRef<DiskWriter.Command> writer;

  PartialFiles(Path outputDir, ActorRef<DiskWriter.Command> writer) {
    this.outputDir = outputDir;
    this.writer = writer;
  }

  /** The body an earlier run kept for {@code item} ({@link Resume#partials}), or null. */
  PartialBody kept(JobItem item, Resume.Partial partial) {
    return partial == null ? null
        : new PartialBody(OutputDir.partialFile(outputDir, item.fileName()), partial.bytes(), partial.validator());
  }

  /**
   * A body of {@code item} started as {@code start}, {@code before} being the body kept so far, if any; returns the
   * new body's partial file when it may be continued, else null. A kept body that the new one neither continues nor
   * overwrites goes; one that may be continued is journaled as it starts, so that even a run killed now leaves it
   * usable.
   */
  PartialBody started(JobItem item, PartialBody before, BodyReader.Start start) {
    PartialBody now = start instanceof BodyReader.Reading reading ? reading.partial() : null;
    if (before != null && now == null) writer.tell(new DiskWriter.Discard(before.file()));
    if (now != null) journal(item, now, JournalEntry.RECEIVING);
    return now;
  }

  /**
   * What is left of a body that failed with {@code failure}, now that its stream has ended and its file {@code temp}
   * (null: in memory) is closed: one cut off by the network or given up on that may be continued ({@code partial} is
   * not null) is kept, journaled with its length, and returned; any other file goes.
   */
  PartialBody leftOver(JobItem item, Path temp, PartialBody partial, Throwable failure) {
    boolean cut = BodyReader.failure(FetchFailures.unwrap(failure), true) == BodyReader.Failure.TRANSIENT;
    PartialBody kept = cut && partial != null ? BodyReader.keptAfter(partial, failure) : null;
    if (kept != null) {
      journal(item, kept, JournalEntry.CUT);
    } else if (temp != null) {
      writer.tell(new DiskWriter.Discard(temp));
    }
    return kept;
  }

  private void journal(JobItem item, PartialBody body, String state) {
    writer.tell(new DiskWriter.Record(JournalEntry.partial(item.url(), item.fileName(), body.bytes(), body.validator(),
        state)));
  }
}
