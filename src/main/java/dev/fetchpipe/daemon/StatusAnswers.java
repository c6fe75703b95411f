package dev.fetchpipe.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fetchpipe.pipeline.JobStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * How a daemon job answers questions about its status around its end: DONE is never shown without its exit code, nor
 * before its report can be read. An answer that would say DONE before the end is recorded waits for it a moment; once
 * it is recorded, every answer is the final status. Plain logic, no actor, so that the rule is tested on its own.
 */
final class StatusAnswers {
  private final List<Consumer<ObjectNode>> waiting = new ArrayList<>();
  private ObjectNode recorded;

  /**
   * Answers with {@code status} as {@code json} shows it, or with the final status: at once when the end is recorded,
   * later when {@code status} is DONE and the end is not recorded yet.
   *
   * @param status the job's status as its supervisor (or the last progress event) told it, or null before any
   */
  void answer(JobStatus status, Function<JobStatus, ObjectNode> json, Consumer<ObjectNode> reply) {
    if (recorded != null) {
      reply.accept(recorded);
    } else if (status != null && status.state() == JobStatus.State.DONE) {
      waiting.add(reply);
    } else {
      reply.accept(json.apply(status));
    }
  }

  /** Answers with the final status: now if the end is recorded, else once it is. */
  void answerAtEnd(Consumer<ObjectNode> reply) {
    if (recorded != null) reply.accept(recorded); else waiting.add(reply);
  }

  /** The job's end is recorded with this status: every waiting answer goes out now, and every later one says it. */
  void recorded(ObjectNode finalStatus) {
    recorded = finalStatus;
    waiting.forEach(reply -> reply.accept(finalStatus));
    waiting.clear();
  }
}
