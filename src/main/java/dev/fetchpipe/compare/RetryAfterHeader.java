package dev.fetchpipe.compare;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** An HTTP Retry-After header, read as the pipeline reads it (pipeline.RetryAfter, package-private there). */
final class RetryAfterHeader {
  private RetryAfterHeader() {}

  /** How long the server asks to wait: a number of seconds, or an HTTP date; null when it is neither. */
  static Duration parse(String value) {
    String text = value.strip();
    if (text.matches("\\d{1,9}")) return Duration.ofSeconds(Long.parseLong(text));
    try {
      Instant when = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Instant now = Instant.now();
      return when.isAfter(now) ? Duration.between(now, when) : Duration.ZERO;
    } catch (DateTimeParseException notADate) {
      return null;
    }
  }
}
