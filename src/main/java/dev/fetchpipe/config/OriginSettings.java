package dev.fetchpipe.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The built-in origin server: where it binds and how badly it behaves.
 *
 * @param host        interface to bind; 127.0.0.1 unless the user asks for another
 * @param port        port to bind; 0 picks a free one
 * @param delay       how long every request waits before it is answered
 * @param jitter      each request's wait is delay plus or minus up to this much (never below zero)
 * @param errorRate   share of requests, 0.0 to 1.0, answered with errorStatus instead of their content
 * @param errorStatus the status of those answers: 500 by default, 418 to play Fluent Python's slow_server.py
 * @param ratePerClient body bytes a second each client address gets, shared by all its responses; {@link #UNLIMITED}
 *                      for no limit
 * @param tlsCertFile   origin.tls.cert-file: the PEM certificate (chain) to serve HTTPS with; null for plain HTTP
 * @param tlsKeyFile    origin.tls.key-file: its unencrypted PEM private key; null when tlsCertFile is
 */
public record OriginSettings(String host, int port, Duration delay, Duration jitter, double errorRate, int errorStatus,
    long ratePerClient, Path tlsCertFile, Path tlsKeyFile) {

  public OriginSettings {
    if ((tlsCertFile == null) != (tlsKeyFile == null)) {
      throw new SettingsException(tlsCertFile == null ? "fetchpipe.origin.tls.cert-file" : "fetchpipe.origin.tls.key-file",
          "HTTPS needs both origin.tls.cert-file and origin.tls.key-file; give this one too");
    }
  }

  /** No limit on a client's bandwidth: origin.rate-per-client = off. */
  public static final long UNLIMITED = 0;

  /** The status of an injected error unless origin.error-status says otherwise. */
  public static final int DEFAULT_ERROR_STATUS = 500;

  /** An origin whose injected errors are 500s. */
  public OriginSettings(String host, int port, Duration delay, Duration jitter, double errorRate) {
    this(host, port, delay, jitter, errorRate, DEFAULT_ERROR_STATUS);
  }

  /** An origin with no bandwidth limit. */
  public OriginSettings(String host, int port, Duration delay, Duration jitter, double errorRate, int errorStatus) {
    this(host, port, delay, jitter, errorRate, errorStatus, UNLIMITED, null, null);
  }

  /** The same origin serving HTTPS with this PEM certificate and key. */
  public OriginSettings withTls(Path certFile, Path keyFile) {
    return new OriginSettings(host, port, delay, jitter, errorRate, errorStatus, ratePerClient, certFile, keyFile);
  }

  /** It serves HTTPS (origin.tls.cert-file and key-file given). */
  public boolean https() {
    return tlsCertFile != null;
  }

  /** The same origin giving each client address this many body bytes a second ({@link #UNLIMITED} for no limit). */
  public OriginSettings withRatePerClient(long bytesPerSecond) {
    return new OriginSettings(host, port, delay, jitter, errorRate, errorStatus, bytesPerSecond, tlsCertFile, tlsKeyFile);
  }

  /** The same origin bound to another port. */
  public OriginSettings withPort(int newPort) {
    return new OriginSettings(host, newPort, delay, jitter, errorRate, errorStatus, ratePerClient, tlsCertFile,
        tlsKeyFile);
  }

  /**
   * The same origin on a free loopback port: how a job starts its embedded origin. Plain HTTP: origin.tls is for
   * fetchpipe serve, and a flag job's embedded URLs are http.
   */
  public OriginSettings onFreeLoopbackPort() {
    return new OriginSettings("127.0.0.1", 0, delay, jitter, errorRate, errorStatus, ratePerClient, null, null);
  }

  /** An origin on a free loopback port that answers at once and never fails: the tests' default. */
  public static OriginSettings fastLoopback() {
    return new OriginSettings("127.0.0.1", 0, Duration.ZERO, Duration.ZERO, 0.0);
  }
}
