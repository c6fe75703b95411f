package dev.fetchpipe.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads an HTTP Retry-After header: a number of seconds, or an HTTP date (RFC 9110 section 10.2.3). */
public final class RetryAfter {
  private RetryAfter() {}

  /** How long the server asks to wait from {@code now}; null when the value is neither form. A past date is zero. */
  public static Duration parse(String value, Instant now) {
    String text = value.strip();
    if (text.matches("\\d{1,9}")) return Duration.ofSeconds(Long.parseLong(text));
    try {
      Instant when = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return when.isAfter(now) ? Duration.between(now, when) : Duration.ZERO;
    } catch (DateTimeParseException notADate) {
      return null;
    }
  }
}
