package dev.fetchpipe.net;

import java.net.Socket;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A server certificate refused, said in plain words from the certificate itself (the JDK's exceptions do not carry
 * it): "certificate not trusted: issued by CN=..., give fetch.tls.ca-file", "certificate is for other.example, not
 * 127.0.0.1", "certificate expired on 2021-01-01". Asking again gets the same certificate, so it is never retried.
 */
public final class TlsRefusal extends CertificateException {
  private static final long serialVersionUID = 1L;
  private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

  TlsRefusal(String message, Throwable cause) {
    super(message, cause);
  }

  /** The refusal in {@code failure}'s cause chain, or null. */
  public static TlsRefusal in(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof TlsRefusal refusal) return refusal;
      if (cause.getCause() == cause) break;
    }
    return null;
  }

  static TlsRefusal of(X509Certificate[] chain, String host, CertificateException why) {
    X509Certificate leaf = chain[0];
    for (Throwable cause = why; cause != null; cause = cause.getCause()) {
      if (cause instanceof CertificateExpiredException) {
        return new TlsRefusal("certificate expired on " + DAY.format(leaf.getNotAfter().toInstant()), why);
      }
      if (cause instanceof CertificateNotYetValidException) {
        return new TlsRefusal("certificate not valid before " + DAY.format(leaf.getNotBefore().toInstant()), why);
      }
      if (cause instanceof CertPathBuilderException) {
        return new TlsRefusal("certificate not trusted: issued by " + chain[chain.length - 1].getIssuerX500Principal().getName()
            + ", give fetch.tls.ca-file", why);
      }
    }
    String message = why.getMessage() == null ? "" : why.getMessage();
    if (message.startsWith("No subject alternative") || message.startsWith("No name matching")) {
      return new TlsRefusal("certificate is for " + names(leaf) + ", not " + host, why);
    }
    return new TlsRefusal("certificate refused: " + message, why);
  }

  private static String names(X509Certificate leaf) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> alternatives = leaf.getSubjectAlternativeNames();
      if (alternatives != null) for (List<?> name : alternatives) names.add(String.valueOf(name.get(1)));
    } catch (CertificateParsingException unreadable) {
      // the subject below says who it is for
    }
    return names.isEmpty() ? leaf.getSubjectX500Principal().getName() : String.join(", ", names);
  }

  /** The JDK's own checks (chain, dates, host name), each refusal said as above. */
  static final class Explaining extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager delegate;

    Explaining(X509ExtendedTrustManager delegate) {
      this.delegate = delegate;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      try {
        delegate.checkServerTrusted(chain, authType, engine);
      } catch (CertificateException e) {
        throw of(chain, engine == null ? "?" : engine.getPeerHost(), e);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      try {
        delegate.checkServerTrusted(chain, authType, socket);
      } catch (CertificateException e) {
        throw of(chain, socket == null ? "?" : String.valueOf(socket.getInetAddress()), e);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      try {
        delegate.checkServerTrusted(chain, authType);
      } catch (CertificateException e) {
        throw of(chain, "?", e);
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return delegate.getAcceptedIssuers();
    }
  }

  /** fetch.tls.insecure: every certificate, every name. An extended manager, or the JDK would still check the name. */
  static final class TrustingAll extends X509ExtendedTrustManager {
    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
