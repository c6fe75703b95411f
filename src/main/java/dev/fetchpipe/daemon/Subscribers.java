package dev.fetchpipe.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The event streams watching one job: each gets every event from the moment it subscribed, and after the job's
 * {@code end} event, {@link JobFeed.End}, which closes it. Plain data, used by its {@link DaemonJob} alone.
 */
final class Subscribers {
  private final Set<ActorRef<JobFeed>> streams = new HashSet<>();

  void add(ActorRef<JobFeed> stream) {
    streams.add(stream);
  }

  /** A stream whose client went away. */
  void remove(ActorRef<JobFeed> stream) {
    streams.remove(stream);
  }

  int size() {
    return streams.size();
  }

  void send(JobFeed.Event event) {
    streams.forEach(stream -> stream.tell(event));
  }

  void send(String type, JsonNode data) {
    send(new JobFeed.Event(type, data));
  }

  /** The job has ended: its {@code end} event, then each stream closes; none is left. */
  void end(JsonNode finalStatus) {
    send("end", finalStatus);
    streams.forEach(stream -> stream.tell(JobFeed.End.INSTANCE));
    streams.clear();
  }

  /** A stream that subscribes to a job already ended hears its end at once, and closes. */
  static void endedAlready(ActorRef<JobFeed> stream, JsonNode finalStatus) {
    stream.tell(new JobFeed.Event("end", finalStatus));
    stream.tell(JobFeed.End.INSTANCE);
  }
}
