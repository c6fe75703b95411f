package dev.fetchpipe.cli;

import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.journal.Journal;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.stream.javadsl.TLSPlacebo;

/**
 * Start-up work that every job needs, done on a second thread while the main thread starts logging and parses the
 * command line. Start-up is the larger part of a small job's time, and the main thread spends it alone while the
 * machine's other cores wait: the JVM runs this code cold (interpreted), so the time goes on CPU, not on disk.
 *
 * <p>Only work whose result is cached or shared, so nothing is done twice: Typesafe Config keeps the parsed
 * reference.conf files (a later {@code defaultReference()} gets the same object, and waits if this is still parsing
 * them), and a class is initialized once per JVM whichever thread gets there first. Nothing here can fail a run: a
 * daemon thread whose exceptions are ignored, so the main thread meets any real problem itself, with its usual message.
 */
final class Preload {

  private static boolean started;

  private Preload() {}

  /** Once per process: run decides late whether it runs its job here. */
  static synchronized void start() {
    if (started) return;
    started = true;
    Thread thread = new Thread(Preload::run, "fetchpipe-preload");
    thread.setDaemon(true);
    thread.start();
  }

  private static void run() {
    try {
      // Pekko's reference.conf files are large: the parse the main thread would otherwise do first in every command.
      ConfigFactory.defaultReference();
      // Pekko HTTP's URI parser and request model, first used by every fetcher's first request.
      HttpRequest.GET("http://127.0.0.1/");
      // The journal's JSON mapper, made when its class is first used.
      Class.forName(Journal.class.getName(), true, Preload.class.getClassLoader());
      // The JDK's TLS, which every Pekko HTTP connection needs, plain http included: a connection without encryption
      // goes through pekko-stream's TLSPlacebo stage, whose class makes a dummy SSLSession from
      // SSLContext.getDefault() (the JSSE provider, the cipher suites, the cacerts trust store: ~110 ms) when first
      // used. The very call the first connection would make, only sooner: which context, trust store and checks https
      // uses are unchanged.
      TLSPlacebo.getInstance();
    } catch (ClassNotFoundException | RuntimeException | LinkageError ignored) {
      // Only a head start: whatever failed here, the main thread does again, and reports if it fails there too.
    }
  }
}
