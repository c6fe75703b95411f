package dev.fetchpipe.daemon;

import com.fasterxml.jackson.databind.JsonNode;

/** What a job's event stream carries to one subscriber: events, then {@link End}, after which the stream closes. */
sealed interface JobFeed {

  /** One server-sent event: its type (progress, item, cancel, abort, resize, end) and its JSON data. */
  record Event(String type, JsonNode data) implements JobFeed {}

  /** No more events: the job has ended (its "end" event went before this). */
  enum End implements JobFeed { INSTANCE }
}
