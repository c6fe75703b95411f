package dev.fetchpipe.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The event streams watching one job: each gets every event from the moment it subscribed (the {@code item} events
 * only if it asked for them, the {@code progress} events unless it hears them at a pace of its own), and after the
 * job's {@code end} event, {@link JobFeed.End}, which closes it. Plain data, used by its {@link DaemonJob} alone.
 */
final class Subscribers {
  static final String ITEM = "item";
  static final String PROGRESS = "progress";

  /** What one stream takes besides the job's other events. */
  private record Takes(boolean items, boolean progress) {}

  private final Map<ActorRef<JobFeed>, Takes> streams = new HashMap<>();
  private int takingItems;

  /**
   * @param items    whether the stream takes an item event per URL (a client that only shows progress and the end does not)
   * @param progress whether it takes the job's progress events (its owner hears them at its own pace instead)
   */
  void add(ActorRef<JobFeed> stream, boolean items, boolean progress) {
    Takes before = streams.put(stream, new Takes(items, progress));
    if (before != null && before.items()) takingItems--;
    if (items) takingItems++;
  }

  /** A stream whose client went away. */
  void remove(ActorRef<JobFeed> stream) {
    Takes takes = streams.remove(stream);
    if (takes != null && takes.items()) takingItems--;
  }

  int size() {
    return streams.size();
  }

  /**
   * Whether any stream takes item events: when none does, the job need not turn each URL's result into JSON (for a
   * 10,000-URL job, 10,000 JSON trees that nobody reads).
   */
  boolean wantItems() {
    return takingItems > 0;
  }

  void send(JobFeed.Event event) {
    boolean item = ITEM.equals(event.type());
    boolean progress = PROGRESS.equals(event.type());
    streams.forEach((stream, takes) -> {
      if ((takes.items() || !item) && (takes.progress() || !progress)) stream.tell(event);
    });
  }

  void send(String type, JsonNode data) {
    send(new JobFeed.Event(type, data));
  }

  /** The job has ended: its {@code end} event, then each stream closes; none is left. */
  void end(JsonNode finalStatus) {
    send("end", finalStatus);
    streams.keySet().forEach(stream -> stream.tell(JobFeed.End.INSTANCE));
    streams.clear();
    takingItems = 0;
  }

  /** A stream that subscribes to a job already ended hears its end at once, and closes. */
  static void endedAlready(ActorRef<JobFeed> stream, JsonNode finalStatus) {
    stream.tell(new JobFeed.Event("end", finalStatus));
    stream.tell(JobFeed.End.INSTANCE);
  }
}
