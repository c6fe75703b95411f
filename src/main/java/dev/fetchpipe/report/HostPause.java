package dev.fetchpipe.report;

/**
 * A host whose URLs all wait: it answered 429, or 503 with Retry-After, so no request of the job goes to it until the
 * pause ends (fetch.retry.max-retry-after at most). Times are milliseconds since the job started.
 *
 * @param host    scheme, host and port, as fetch.max-per-host counts them
 * @param atMs    when the pause began
 * @param untilMs when it ends
 * @param reason  the answer that paused it, e.g. "HTTP 429 Too Many Requests, Retry-After 30 s"
 */
public record HostPause(String host, double atMs, double untilMs, String reason) {}
