package dev.fetchpipe.report;

/**
 * One request made for a URL. A URL that was retried has several; the report keeps them all.
 *
 * @param number      1 for the first request, 2 for the first retry...
 * @param startedMs   when the request was sent, in milliseconds since the job started
 * @param firstByteMs when the response's status line and headers arrived, or null when none did
 * @param endedMs     when this attempt ended (body received, or failed)
 * @param status      the HTTP status received, or null when none was
 * @param error       why this attempt failed, or null when it succeeded
 * @param waitMs      how long fetchpipe waited before the next attempt (backoff or Retry-After), or null for the last
 */
public record Attempt(
    int number, double startedMs, Double firstByteMs, double endedMs, Integer status, String error, Long waitMs) {}
