package dev.fetchpipe.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.report.CancelSource;
import java.util.Iterator;
import java.util.List;

/**
 * The small JSON bodies of the orders to a running job (cancel, resize), read strictly: an unknown field, a wrong
 * type or a value out of range is a one-line {@link SettingsException} (400), and nothing is changed.
 */
final class JobOrders {
  /** The most writer threads a job may have, as for blocking-io-dispatcher's fixed-pool-size. */
  static final int MAX_WRITER_THREADS = 1024;

  private JobOrders() {}

  /** New limits for a running job; null fields stay as they are. */
  record Limits(Integer maxInFlight, Integer maxPerHost, Integer writerThreads) {}

  static Limits limits(String body, int maxInFlightLimit) {
    JsonNode order = object(body, false, "maxInFlight", "maxPerHost", "writerThreads");
    Limits limits = new Limits(
        whole(order, "maxInFlight", maxInFlightLimit, "daemon.max-in-flight-limit"),
        whole(order, "maxPerHost", maxInFlightLimit, "daemon.max-in-flight-limit"),
        whole(order, "writerThreads", MAX_WRITER_THREADS, null));
    if (limits.maxInFlight() == null && limits.maxPerHost() == null && limits.writerThreads() == null) {
      throw new SettingsException("the change", "names nothing to change: give maxInFlight, maxPerHost or writerThreads");
    }
    return limits;
  }

  /**
   * The body as a JSON object with only these fields.
   *
   * @param emptyAllowed an empty body stands for {}
   */
  static JsonNode object(String body, boolean emptyAllowed, String... fields) {
    if (body.isBlank() && emptyAllowed) return Json.MAPPER.createObjectNode();
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new SettingsException("the request body", "is not JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) throw new SettingsException("the request body", "must be a JSON object");
    List<String> known = List.of(fields);
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new SettingsException(name, "unknown field; known: " + String.join(", ", known));
      }
    }
    return node;
  }

  static String text(JsonNode order, String field) {
    JsonNode value = order.get(field);
    if (value == null || value.isNull()) return "";
    if (!value.isTextual()) throw new SettingsException(field, "must be a string");
    return value.asText();
  }

  static boolean flag(JsonNode order, String field) {
    JsonNode value = order.get(field);
    if (value == null || value.isNull()) return false;
    if (!value.isBoolean()) throw new SettingsException(field, "must be true or false");
    return value.asBoolean();
  }

  /**
   * Who cancels: {@code REQUEST} (absent), or the signal a client was given, {@code INTERRUPT} (its Ctrl-C) or
   * {@code TERMINATE} (SIGTERM), so that the job's report and exit code are those run's would have.
   */
  static CancelSource cancelSource(JsonNode order) {
    String source = text(order, "source");
    return switch (source) {
      case "", "REQUEST" -> CancelSource.REQUEST;
      case "INTERRUPT" -> CancelSource.INTERRUPT;
      case "TERMINATE" -> CancelSource.TERMINATE;
      default -> throw new SettingsException("source", "must be REQUEST, INTERRUPT or TERMINATE, got \"" + source + "\"");
    };
  }

  private static Integer whole(JsonNode order, String field, int max, String limitKey) {
    JsonNode value = order.get(field);
    if (value == null || value.isNull()) return null;
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw new SettingsException(field, "must be a whole number, got " + value);
    }
    int number = value.asInt();
    if (number < 1 || number > max) {
      throw new SettingsException(field, "must be from 1 to " + max + (limitKey == null ? "" : " (" + limitKey + ")")
          + ", got " + number);
    }
    return number;
  }
}
