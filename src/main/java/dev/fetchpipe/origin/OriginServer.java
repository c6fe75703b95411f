package dev.fetchpipe.origin;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.config.UrlSource;
import dev.fetchpipe.net.TlsTrust;
import dev.fetchpipe.report.PlainWords;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.stream.SystemMaterializer;
import org.apache.pekko.stream.javadsl.Tcp;

/** Starts the built-in origin server in its own actor system, apart from whatever else runs in the JVM. */
public final class OriginServer {

  static final String SYSTEM_NAME = "fetchpipe-origin";

  // Binding a local socket takes milliseconds; this only bounds a pathological hang.
  private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);

  // Pekko answers 503 once a request has waited request-timeout; /delay alone may wait a minute.
  private static final Duration TIMEOUT_MARGIN = Duration.ofSeconds(30);

  private OriginServer() {}

  /**
   * The built-in origin for a job whose base-url is "embedded", on a free loopback port, bound before this returns; null
   * for any other job. Whoever runs the job starts it and hands it to the job, which stops it when it closes.
   *
   * @throws OriginStartException when no loopback port can be bound
   */
  public static RunningOrigin forJob(FetchpipeSettings settings) {
    if (!(settings.job().source() instanceof UrlSource.Flags flags) || !flags.embedded()) return null;
    return start(settings.config(), settings.origin().onFreeLoopbackPort());
  }

  /**
   * Binds the origin and returns once it accepts connections.
   *
   * @param config   the program's configuration (e.g. {@code ConfigFactory.load()}); Pekko settings come from it
   * @param settings where to bind and how slow and unreliable to be
   * @throws OriginStartException when the address cannot be bound
   */
  public static RunningOrigin start(Config config, OriginSettings settings) {
    // Read before the system starts: a file that cannot be used is one line naming its key, and nothing to stop.
    HttpsConnectionContext https = settings.https() ? https(settings) : null;
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), SYSTEM_NAME, serverConfig(config, settings));
    var stats = new OriginStats();
    var rates = new ClientRates(settings.ratePerClient(), SystemMaterializer.get(system).materializer());
    var raw = new RawFaults(system, stats);
    try {
      // The raw listener first: the fault routes redirect to it.
      Tcp.ServerBinding rawBinding = raw.bind(system, settings.host()).toCompletableFuture()
          .get(BIND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      var route = new OriginRoutes(settings, system, stats,
          "http://" + RunningOrigin.urlHost(settings.host()) + ":" + rawBinding.localAddress().getPort()).route();
      var server = Http.get(system).newServerAt(settings.host(), settings.port());
      ServerBinding binding = (https == null ? server : server.enableHttps(https))
          .bindFlow(CountingHandler.flow(route.handler(system), stats, rates))
          .toCompletableFuture()
          .get(BIND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return new RunningOrigin(system, binding, settings.host(), stats, rawBinding, https == null ? "http" : "https");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failed(system, settings, "interrupted", e);
    } catch (ExecutionException e) {
      throw failed(system, settings, rootMessage(e.getCause()), e.getCause());
    } catch (TimeoutException e) {
      throw failed(system, settings, "no answer within " + BIND_TIMEOUT.toSeconds() + " s", e);
    }
  }

  /** origin.tls's files as a server's TLS context (blocking: serve reads them once, as it starts). */
  private static HttpsConnectionContext https(OriginSettings settings) {
    try {
      return ConnectionContext.httpsServer(TlsTrust.server("fetchpipe.origin.tls.cert-file", settings.tlsCertFile(),
          "fetchpipe.origin.tls.key-file", settings.tlsKeyFile()));
    } catch (TlsTrust.BadFile bad) {
      throw new SettingsException(bad.key(), bad.getMessage());
    }
  }

  /**
   * The given config with the server settings this origin needs in front of it: requests must be allowed to
   * wait as long as the slowest thing the origin does (server delay plus jitter plus {@code /delay}), the idle
   * timeout must be longer still (Pekko's own advice, or the connection is reset with no answer), and the
   * accept backlog must hold a burst of a thousand new connections; requests carry their client's address; HEAD is answered like GET, without the body.
   */
  static Config serverConfig(Config config, OriginSettings settings) {
    Duration longestWait = settings.delay().plus(settings.jitter()).plusMillis(OriginRoutes.MAX_DELAY_MS);
    Duration requestTimeout = longestWait.plus(TIMEOUT_MARGIN);
    Duration idleTimeout = requestTimeout.plus(TIMEOUT_MARGIN);
    String overrides = String.join("\n",
        "pekko.http.server.request-timeout = " + requestTimeout.toMillis() + "ms",
        "pekko.http.server.idle-timeout = " + idleTimeout.toMillis() + "ms",
        "pekko.http.server.backlog = 1024",
        // Each request carries its client's address: counters and rate-per-client are kept per address.
        "pekko.http.server.remote-address-attribute = on",
        // HEAD answered as GET without the body (headers and Content-Length kept), as static servers do.
        "pekko.http.server.transparent-head-requests = on");
    return ConfigFactory.parseString(overrides).withFallback(config);
  }

  private static OriginStartException failed(
      ActorSystem<Void> system, OriginSettings settings, String reason, Throwable cause) {
    // The system was created for this origin alone; without a binding nothing else will ever stop it.
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(BIND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // The start already failed; that error is the one worth reporting.
    }
    return new OriginStartException(
        "cannot bind " + settings.host() + ":" + settings.port() + ": " + reason, cause);
  }

  /**
   * The innermost message without the address Java puts in front of it ("Address already in use", not
   * "[/127.0.0.1:8001] Address already in use"), since our own message already names the address.
   */
  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof UnresolvedAddressException) {
      // It has no message of its own.
      return "unknown host";
    }
    String message = root.getMessage();
    if (message == null || message.isBlank()) {
      return PlainWords.of(root);
    }
    return PlainWords.text(message.replaceFirst("^\\[[^\\]]*\\]\\s*", ""));
  }
}
