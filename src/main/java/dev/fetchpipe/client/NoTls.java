package dev.fetchpipe.client;

import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * A TLS context for a client that only speaks plain http: the JDK's HTTP client asks for one when it is built, and
 * without it takes the default, which reads the JDK's trust store (cacerts) and sets up its key managers first:
 * about 100 ms of a command that takes a few hundred in all. With no trust managers it trusts no certificate, so it
 * would refuse any https connection; it is only used when the daemon's address is http.
 */
final class NoTls {
  private NoTls() {}

  static SSLContext context() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[0], new TrustManager[0], null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no TLS context", e);
    }
  }
}
