package dev.fetchpipe.pipeline;

import dev.fetchpipe.net.NetRefusal;
import dev.fetchpipe.net.TlsRefusal;
import dev.fetchpipe.report.PlainWords;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.apache.pekko.http.scaladsl.model.EntityStreamException;
import org.apache.pekko.http.scaladsl.model.IllegalResponseException;
import org.apache.pekko.stream.IOOperationIncompleteException;
import org.apache.pekko.stream.StreamTcpException;

/**
 * What a failed fetch is called and whether it is worth trying again: plain functions, shared by the {@link Fetcher}
 * and compare's blocking engines so that every engine words and retries failures alike.
 */
public final class FetchFailures {
  /** Statuses that say "try again later" rather than "no". */
  public static final Set<Integer> TRANSIENT_STATUSES = Set.of(408, 429, 500, 502, 503, 504);

  private static final String TCP_FAILED_BECAUSE = "failed because of ";
  /** How Pekko names a body whose connection closed before its end: the network's failure, not the server's HTTP. */
  private static final String TRUNCATION = "Entity stream truncation";
  /** How Pekko names a connection that closed in the middle of a response's head, likewise. */
  private static final String CUT_HEAD = "Illegal HTTP message start";

  private FetchFailures() {}

  /** The failure inside the wrappers futures and Pekko's file sink put around it. */
  static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof IOOperationIncompleteException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /**
   * A failure that asking again would not mend, in plain words: the server broke HTTP ({@link #protocolViolation}),
   * the address is denied, a proxy refused the request, the server's certificate was refused; null for any other failure (tried again while attempts last).
   */
  static String permanent(Throwable failure) {
    NetRefusal refusal = NetRefusal.in(failure);
    if (refusal != null) return refusal.permanent() ? refusal.getMessage() : null;
    TlsRefusal certificate = TlsRefusal.in(failure);
    if (certificate != null) return certificate.getMessage();
    return protocolViolation(failure);
  }

  /**
   * The server broke HTTP (a status line, header or chunk that is not HTTP, a Content-Length that is not a number):
   * the error in plain words, or null when {@code failure} (unwrapped) is anything else. Asking again would get the
   * same answer, so such a failure is an ERROR at once, not retried. A connection closed in the middle of a response
   * is not one of these: it is the network's failure, tried again.
   */
  static String protocolViolation(Throwable failure) {
    Throwable cause = unwrap(failure);
    String summary;
    if (cause instanceof IllegalResponseException illegal) {
      summary = illegal.info().summary();
    } else if (cause instanceof EntityStreamException broken) {
      summary = broken.info().summary();
    } else {
      return null;
    }
    if (summary.startsWith(TRUNCATION) || summary.startsWith(CUT_HEAD)) return null;
    return "the server broke HTTP: " + summary.replaceAll("\\s+", " ").strip();
  }

  /** One line: the innermost useful message of a failure. */
  static String reason(Throwable failure) {
    NetRefusal refusal = NetRefusal.in(failure);
    if (refusal != null) return refusal.getMessage();
    TlsRefusal certificate = TlsRefusal.in(failure);
    if (certificate != null) return certificate.getMessage();
    Throwable cause = unwrap(failure);
    String message = cause.getMessage();
    String summary = cause instanceof EntityStreamException broken ? broken.info().summary()
        : cause instanceof IllegalResponseException illegal ? illegal.info().summary() : "";
    if (summary.startsWith(TRUNCATION)) return "the connection closed before the whole body arrived";
    if (summary.startsWith(CUT_HEAD)) return "the connection closed in the middle of the response's head";
    if (cause.getClass().getSimpleName().equals("UnexpectedConnectionClosureException")) {
      return "the server closed the connection without answering";
    }
    if (cause instanceof StreamTcpException && message != null && message.contains(TCP_FAILED_BECAUSE)) {
      // Pekko's TCP layer puts its whole internal command in the message; what failed is after "because of".
      String why = message.substring(message.indexOf(TCP_FAILED_BECAUSE) + TCP_FAILED_BECAUSE.length());
      return "connection failed: " + PlainWords.text(why.replaceAll("\\s+", " "));
    }
    return PlainWords.of(cause);
  }
}
