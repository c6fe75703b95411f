package dev.fetchpipe.pekko;

import org.apache.pekko.stream.javadsl.TLSPlacebo;

/**
 * Gets the JDK's TLS set up on a background thread while a job is still starting, so that its first request does not
 * wait for it.
 *
 * <p>Every Pekko HTTP connection needs it, plain http included: a connection without encryption goes through
 * pekko-stream's TLSPlacebo stage, which makes a dummy SSLSession from {@code SSLContext.getDefault()} when it is
 * first used (an https connection uses that default context itself). Making it loads the JSSE provider, checks the
 * cipher suites and reads the cacerts trust store: about 110 ms on this machine even with the class-data archive,
 * which the first connection would spend between the request and the wire. Started as the job starts, it runs on the
 * second core while the main thread reads the URLs and starts the actor system. It is the very call the first
 * connection would make, only sooner: which context, trust store and certificate checks https uses are unchanged,
 * and a failure here is ignored and happens again, reported, where it always did.
 */
public final class TlsWarmUp {
  private TlsWarmUp() {}

  public static void startInBackground() {
    Thread thread = new Thread(TlsWarmUp::warmUp, "tls-warm-up");
    thread.setDaemon(true);
    thread.start();
  }

  private static void warmUp() {
    try {
      // Initialises TLSPlacebo (class initialisation runs once, and a connection arriving meanwhile waits for it).
      TLSPlacebo.getInstance();
    } catch (RuntimeException | LinkageError ignored) {
      // The first connection meets the same error and reports it.
    }
  }
}
