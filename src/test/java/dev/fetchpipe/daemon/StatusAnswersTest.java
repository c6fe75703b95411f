package dev.fetchpipe.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fetchpipe.pipeline.JobLimits;
import dev.fetchpipe.pipeline.JobStatus;
import dev.fetchpipe.report.Counts;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DONE is never answered before the job's end is recorded; after that, every answer is the final status. */
class StatusAnswersTest {
  private final StatusAnswers answers = new StatusAnswers();
  private final List<String> told = new ArrayList<>();

  private static JobStatus status(JobStatus.State state) {
    return new JobStatus(state, "site", "out", 10, new Counts(3, 0, 0, 0, 0, 0, 0), 1, 0, 6, 0, 0, 0, new JobLimits(4, 4, 2),
        null);
  }

  private static ObjectNode json(JobStatus status) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("state", status == null ? "STARTING" : status.state().name());
    return node;
  }

  private static ObjectNode recorded() {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("state", "DONE");
    node.put("exitCode", 0);
    return node;
  }

  private void ask(JobStatus status) {
    answers.answer(status, StatusAnswersTest::json, node -> told.add(node.toString()));
  }

  @Test
  void aRunningOrStartingJobIsAnsweredAtOnceAsItIs() {
    ask(status(JobStatus.State.RUNNING));
    ask(status(JobStatus.State.DRAINING));
    ask(null);
    assertEquals(List.of("{\"state\":\"RUNNING\"}", "{\"state\":\"DRAINING\"}", "{\"state\":\"STARTING\"}"), told);
  }

  @Test
  void doneWaitsForTheEndToBeRecordedAndIsThenTheFinalStatus() {
    ask(status(JobStatus.State.DONE));
    answers.answerAtEnd(node -> told.add("at end: " + node));
    assertEquals(List.of(), told, "nothing said before the end is recorded");

    answers.recorded(recorded());
    assertEquals(List.of("{\"state\":\"DONE\",\"exitCode\":0}", "at end: {\"state\":\"DONE\",\"exitCode\":0}"), told);
  }

  @Test
  void onceRecordedEveryAnswerIsTheFinalStatusWhateverTheSupervisorSaid() {
    answers.recorded(recorded());
    ask(status(JobStatus.State.RUNNING));
    answers.answerAtEnd(node -> told.add("at end: " + node));
    assertEquals(List.of("{\"state\":\"DONE\",\"exitCode\":0}", "at end: {\"state\":\"DONE\",\"exitCode\":0}"), told);
  }

  @Test
  void aWaitingAnswerGoesOutOnceOnly() {
    ask(status(JobStatus.State.DONE));
    answers.recorded(recorded());
    answers.recorded(recorded());
    assertEquals(1, told.size());
  }
}
