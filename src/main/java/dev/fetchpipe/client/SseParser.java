package dev.fetchpipe.client;

import java.util.Optional;

/**
 * Reads a Server-Sent Events stream line by line (the lines without their line ends), as the HTML standard's
 * "interpreting an event stream" says: fields up to a blank line make one event; comments (a leading ':'), {@code id}
 * and {@code retry} are ignored, since a client that follows one job has no use for them.
 */
public final class SseParser {
  private String type = "";
  private final StringBuilder data = new StringBuilder();
  private boolean hasData;

  /** Feeds one line; the event it completes, if it is the blank line that ends one with data. */
  public Optional<SseEvent> line(String line) {
    if (line.isEmpty()) return dispatch();
    if (line.startsWith(":")) return Optional.empty();
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : line.substring(colon + 1);
    if (value.startsWith(" ")) value = value.substring(1);
    switch (field) {
      case "event" -> type = value;
      case "data" -> {
        if (hasData) data.append('\n');
        data.append(value);
        hasData = true;
      }
      default -> { } // id, retry, and fields this version of the standard does not know
    }
    return Optional.empty();
  }

  private Optional<SseEvent> dispatch() {
    Optional<SseEvent> event = hasData ? Optional.of(new SseEvent(type.isEmpty() ? "message" : type, data.toString()))
        : Optional.empty();
    type = "";
    data.setLength(0);
    hasData = false;
    return event;
  }
}
