package dev.fetchpipe.pipeline;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.util.ByteString;

/**
 * Saves bodies to the output dir. Spawned on the blocking-io dispatcher; each write runs as a task on that same
 * dispatcher, so up to its pool size files are written at once and no write ever holds a fetcher's thread (the
 * JVM's answer to asyncio's run_in_executor). Answers each {@link Write} with {@link Written} or {@link WriteFailed}.
 */
public final class DiskWriter extends AbstractBehavior<DiskWriter.Command> {

  public interface Command {}

  /** Save {@code body} as {@code fileName} in the output dir. */
  public record Write(String fileName, ByteString body, ActorRef<Result> replyTo) implements Command {}

  public sealed interface Result {}

  /** The file is in place, whole. {@code thread} is the thread that wrote it. */
  public record Written(Path path, long bytes, String sha256, String thread) implements Result {}

  /** Nothing was saved under the final name. */
  public record WriteFailed(String fileName, String reason) implements Result {}

  private record Finished(Result result, ActorRef<Result> replyTo) implements Command {}

  public static Behavior<Command> create(Path outputDir, boolean fsync) {
    return Behaviors.setup(context -> new DiskWriter(context, outputDir, fsync));
  }

  private final Path outputDir;
  private final boolean fsync;

  private DiskWriter(ActorContext<Command> context, Path outputDir, boolean fsync) {
    super(context);
    this.outputDir = outputDir;
    this.fsync = fsync;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Write.class, this::onWrite)
        .onMessage(Finished.class, this::onFinished)
        .build();
  }

  private Behavior<Command> onWrite(Write write) {
    Path target = outputDir.resolve(write.fileName());
    // The actor's own execution context is the blocking-io dispatcher it was spawned on.
    CompletableFuture<Result> saved = CompletableFuture.supplyAsync(() -> save(target, write), getContext().getExecutionContext());
    getContext().pipeToSelf(saved, (result, failure) -> new Finished(
        failure == null ? result : new WriteFailed(write.fileName(), String.valueOf(failure)), write.replyTo()));
    return this;
  }

  private Result save(Path target, Write write) {
    try {
      AtomicFile.Written written = AtomicFile.write(target, write.body(), fsync);
      return new Written(target, written.bytes(), written.sha256(), Thread.currentThread().getName());
    } catch (Exception e) {
      return new WriteFailed(write.fileName(), e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private Behavior<Command> onFinished(Finished finished) {
    finished.replyTo().tell(finished.result());
    return this;
  }
}
