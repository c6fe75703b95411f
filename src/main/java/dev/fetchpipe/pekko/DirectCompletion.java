package dev.fetchpipe.pekko;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Pekko's Java API hands out Scala futures wrapped as CompletionStages, and that wrapper runs every dependent
 * callback ({@code handle}, as {@code pipeToSelf} uses) asynchronously on the JDK's default executor. On a machine
 * with two cores or fewer that executor starts a new thread for each callback: thousands of threads for a job of
 * thousands of URLs, most of a job's CPU. This bridge completes a plain CompletableFuture on the thread that
 * completed the stage, so {@code pipeToSelf} only enqueues its message there, as it is meant to. Use it for every
 * callback on a Pekko future.
 */
public final class DirectCompletion {
  private DirectCompletion() {}

  public static <T> CompletableFuture<T> of(CompletionStage<T> stage) {
    CompletableFuture<T> direct = new CompletableFuture<>();
    // The Async variant with an explicit executor is the one the wrapper does not redirect; Runnable::run is "here".
    stage.whenCompleteAsync((value, failure) -> {
      if (failure == null) direct.complete(value);
      else direct.completeExceptionally(failure);
    }, Runnable::run);
    return direct;
  }
}
