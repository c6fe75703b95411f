package dev.fetchpipe.config;

import java.time.Duration;

/**
 * How the fetchers behave.
 *
 * @param maxInFlight    most requests in flight at once, one fetcher actor each
 * @param requestTimeout longest one URL may take, request to whole body
 * @param maxRedirects   redirects one fetch follows before it is an error
 */
public record FetchSettings(int maxInFlight, Duration requestTimeout, int maxRedirects) {}
