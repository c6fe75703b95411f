package dev.fetchpipe.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fetchpipe.pipeline.JobEvent;
import dev.fetchpipe.pipeline.JobStatus;
import dev.fetchpipe.report.JobStart;
import java.time.Duration;
import java.util.function.Function;

/** A job's event as its event stream carries it: the event type of docs/daemon-api.md and its JSON data. */
final class EventJson {
  private EventJson() {}

  /** What the job's header shows, as the {@code start} event carries it: the pipeline's {@link JobStart}. */
  static ObjectNode start(JobStart job) {
    return Json.MAPPER.valueToTree(job);
  }

  /** @param statusJson how the daemon shows a status (with the job's id) */
  static JobFeed.Event of(JobEvent event, Function<JobStatus, ObjectNode> statusJson) {
    return of(event, statusJson, null);
  }

  /** @param cancelGrace the job's cancel.grace, which a cancel event says (graceMs), or null */
  static JobFeed.Event of(JobEvent event, Function<JobStatus, ObjectNode> statusJson, Duration cancelGrace) {
    if (event instanceof JobEvent.Progress progress) {
      ObjectNode data = statusJson.apply(progress.status());
      // Body bytes received so far, of bodies still arriving too (bytes counts saved files): what run's line shows.
      data.put("received", progress.received());
      return new JobFeed.Event(Subscribers.PROGRESS, data);
    }
    if (event instanceof JobEvent.Started started) return new JobFeed.Event("start", start(started.job()));
    if (event instanceof JobEvent.ItemEnded item) return new JobFeed.Event(Subscribers.ITEM, Json.MAPPER.valueToTree(item.result()));
    if (event instanceof JobEvent.Cancelling cancelling) {
      ObjectNode data = Json.MAPPER.createObjectNode();
      data.put("source", cancelling.source().name());
      data.put("reason", cancelling.reason());
      data.put("inFlight", cancelling.inFlight());
      if (cancelGrace != null && cancelGrace.toNanos() % 1_000_000 == 0) data.put("graceMs", cancelGrace.toMillis());
      else if (cancelGrace != null) data.put("graceMs", cancelGrace.toNanos() / 1e6);
      return new JobFeed.Event("cancel", data);
    }
    if (event instanceof JobEvent.Aborting aborting) {
      ObjectNode data = Json.MAPPER.createObjectNode();
      data.put("reason", aborting.reason());
      data.put("inFlight", aborting.inFlight());
      return new JobFeed.Event("abort", data);
    }
    if (event instanceof JobEvent.Resized resized) {
      ObjectNode data = Json.MAPPER.valueToTree(resized.limits());
      data.put("atMs", resized.atMs());
      return new JobFeed.Event("resize", data);
    }
    if (event instanceof JobEvent.HostPaused paused) {
      return new JobFeed.Event("hostPause", Json.MAPPER.valueToTree(paused.pause()));
    }
    if (event instanceof JobEvent.RobotsWarning warning) {
      return new JobFeed.Event("robots", Json.MAPPER.valueToTree(warning));
    }
    if (event instanceof JobEvent.Ended ended) return new JobFeed.Event("end", statusJson.apply(ended.status()));
    throw new IllegalArgumentException("an event the stream does not know: " + event);
  }
}
