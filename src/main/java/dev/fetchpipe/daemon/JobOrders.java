package dev.fetchpipe.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fetchpipe.config.ByteRates;
import dev.fetchpipe.config.PerHostPace;
import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.pipeline.LimitOrder;
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

  /** The fields of a resize, as the status's limits name them (the delay's without its unit: it says its own). */
  private static final String[] LIMITS = {"maxInFlight", "maxPerHost", "writerThreads", "maxBytesPerSecond",
      "maxBytesPerSecondPerUrl", "perHostDelay", "perHostRate"};

  /** New limits for a running job; null fields stay as they are. A byte rate or a pace of 0 (or off) is none. */
  static LimitOrder limits(String body, int maxInFlightLimit) {
    JsonNode order = object(body, false, LIMITS);
    LimitOrder limits = new LimitOrder(
        whole(order, "maxInFlight", maxInFlightLimit, "daemon.max-in-flight-limit"),
        whole(order, "maxPerHost", maxInFlightLimit, "daemon.max-in-flight-limit"),
        whole(order, "writerThreads", MAX_WRITER_THREADS, null),
        rate(order, "maxBytesPerSecond"),
        rate(order, "maxBytesPerSecondPerUrl"),
        delay(order, "perHostDelay"),
        hostRate(order, "perHostRate"));
    if (limits.isEmpty()) {
      throw new SettingsException("the change", "names nothing to change: give " + String.join(", ", LIMITS));
    }
    return limits;
  }

  /** A per-host delay as written in config ("500ms", "2s", "off"), in milliseconds; a bare number has no unit. */
  private static Long delay(JsonNode order, String field) {
    JsonNode value = order.get(field);
    if (value == null || value.isNull()) return null;
    if (value.isNumber() && value.asDouble() == 0) return 0L;
    if (!value.isTextual()) {
      throw new SettingsException(field, "must be a delay such as \"500ms\" or \"2s\", or \"off\", got " + value);
    }
    return PerHostPace.delay(field, value.asText()).toMillis();
  }

  /** Requests a second to one host: a number (0: no limit), or as written in config ("0.5", "off"). */
  private static Double hostRate(JsonNode order, String field) {
    JsonNode value = order.get(field);
    if (value == null || value.isNull()) return null;
    if (value.isTextual()) return PerHostPace.rate(field, value.asText());
    if (!value.isNumber()) throw new SettingsException(field, "must be requests a second such as 2 or 0.5, got " + value);
    return PerHostPace.rate(field, value.asDouble());
  }

  /** A byte rate: bytes a second as a whole number (0: no limit), or as written in config ("2MiB", "off"). */
  private static Long rate(JsonNode order, String field) {
    JsonNode value = order.get(field);
    if (value == null || value.isNull()) return null;
    if (value.isTextual()) return ByteRates.parse(field, value.asText());
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new SettingsException(field, "must be bytes a second (0 for no limit) or a rate such as \"2MiB\", got " + value);
    }
    long number = value.asLong();
    if (number < 0 || number > ByteRates.MOST) {
      throw new SettingsException(field, "must be from 0 (no limit) to " + ByteRates.MOST + " bytes a second, got " + number);
    }
    return number;
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
