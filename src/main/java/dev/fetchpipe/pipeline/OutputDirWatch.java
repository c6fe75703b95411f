package dev.fetchpipe.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Notices that a job's output dir was removed or moved away while the job ran. The {@link DiskWriter} asks after a
 * disk operation failed (a write into a dir that is gone fails with "no such file"): the job then fails with the
 * reason in plain words instead of ending each later URL in the same ERROR, and nothing is written any more, so a dir
 * of that name made meanwhile (by the user, or another program) never receives the rest of the job. Thread-safe: the
 * writer's threads all ask; the first to see the dir gone tells {@code dirGone}, once.
 */
final class OutputDirWatch {
  private final Path dir;
  private final Consumer<String> dirGone;
  private final AtomicReference<String> gone = new AtomicReference<>();

  OutputDirWatch(Path dir, Consumer<String> dirGone) {
    this.dir = dir;
    this.dirGone = dirGone;
  }

  /** Why the dir is gone, once a failure found it so; else null. */
  String gone() {
    return gone.get();
  }

  /** After a failed operation: whether the dir is still a directory; if not, why the job ends (told once). */
  String checkAfterFailure() {
    if (gone.get() != null) return gone.get();
    if (Files.isDirectory(dir)) return null;
    String reason = "the output dir " + dir + " was removed or moved away while the job ran";
    if (gone.compareAndSet(null, reason)) dirGone.accept(reason);
    return gone.get();
  }
}
