package dev.fetchpipe.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pekko.util.ByteString;

/** What a job's event stream carries to one subscriber: events, then {@link End}, after which the stream closes. */
sealed interface JobFeed {

  /**
   * One server-sent event: its type (progress, item, cancel, abort, resize, end) and its JSON data. The same event goes
   * to every stream on the job, and its {@link #frame} is made once, by the first stream that sends it: 16 streams on a
   * job cost one encoding per event, not 16 (a stalled reader's socket takes megabytes before it pushes back, and
   * encoding for it ran on the API's threads all the while).
   */
  final class Event implements JobFeed {
    /** The keep-alive a quiet stream sends, as Pekko's {@code ServerSentEvent.heartbeat} is sent: an event with no data. */
    static final ByteString HEARTBEAT = ByteString.fromString("data:\n\n");

    private final String type;
    private final JsonNode data;
    private ByteString frame;

    Event(String type, JsonNode data) {
      this.type = type;
      this.data = data;
    }

    String type() {
      return type;
    }

    JsonNode data() {
      return data;
    }

    /** The event as its stream sends it, made on first use and shared by every stream after. */
    synchronized ByteString frame() {
      if (frame == null) {
        try {
          frame = frame(type, Json.MAPPER.writeValueAsString(data));
        } catch (JsonProcessingException e) {
          throw new IllegalStateException("an event's data could not be written as JSON", e);
        }
      }
      return frame;
    }

    /**
     * An event as Pekko's {@code ServerSentEvent} encodes it ({@code data:}, then {@code event:}, then a blank line),
     * so a client reads it as before. {@code json} is one line: Jackson escapes every line break in a string.
     */
    static ByteString frame(String type, String json) {
      return ByteString.fromString("data:" + json + "\nevent:" + type + "\n\n");
    }

    @Override
    public String toString() {
      return "Event[" + type + "]";
    }
  }

  /** No more events: the job has ended (its "end" event went before this). */
  enum End implements JobFeed { INSTANCE }
}
