package dev.fetchpipe.config;

import dev.fetchpipe.net.NetPlan;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * How the fetchers behave.
 *
 * @param maxInFlight     most URLs being fetched at once, one fetcher actor each
 * @param maxPerHost      most URLs being fetched at once from one host (scheme, host and port), across the whole job
 * @param connectTimeout  longest a TCP (and TLS) connection may take to open
 * @param responseTimeout longest from sending a request to its status line and headers
 * @param idleTimeout     longest a response body may go without sending a byte
 * @param requestTimeout  longest one request may take, from sending it to having the whole body
 * @param maxBodySize     largest body accepted, in bytes; a larger one is an ERROR and nothing is written
 * @param maxRedirects    redirects one fetch follows before it is an error
 * @param retry           when and how a failed request is tried again
 * @param localAddress    the address connections go out from; empty for whichever one the system picks
 * @param maxPerHostGiven max-per-host as given, not capped by max-in-flight; {@link #NO_HOST_LIMIT} when off. A
 *                        cluster's coordinator holds a host to it across every node (each has max-in-flight slots)
 * @param request         what goes into each request besides its URL: headers, and asking for compressed bodies
 * @param maxBytesPerSecond       body bytes a second for the whole job (a cluster's: split between its nodes);
 *                                {@link ByteRates#OFF} for no limit
 * @param maxBytesPerSecondPerUrl body bytes a second for each URL; {@link ByteRates#OFF} for no limit
 * @param net             how requests connect: fetch.proxy, fetch.no-proxy (read in the job's proxy environment) and
 *                        fetch.deny-addresses
 * @param perHostDelay    least time between two request starts to one host; {@link Duration#ZERO} for none
 * @param perHostRate     most requests a second to one host (a token bucket); 0 for no limit
 * @param obeyRobots      fetch.robots = obey: each host's robots.txt is read first, and the URLs it disallows SKIPPED
 */
public record FetchSettings(
    int maxInFlight,
    int maxPerHost,
    Duration connectTimeout,
    Duration responseTimeout,
    Duration idleTimeout,
    Duration requestTimeout,
    long maxBodySize,
    int maxRedirects,
    RetrySettings retry,
    Optional<InetAddress> localAddress,
    int maxPerHostGiven,
    RequestSettings request,
    long maxBytesPerSecond,
    long maxBytesPerSecondPerUrl,
    NetPlan net,
    Duration perHostDelay,
    double perHostRate,
    boolean obeyRobots) {

  /** No limit on the body's size. */
  public static final long UNLIMITED = Long.MAX_VALUE;
  /** max-per-host off: no limit of its own on a host. */
  public static final int NO_HOST_LIMIT = Integer.MAX_VALUE;
}
