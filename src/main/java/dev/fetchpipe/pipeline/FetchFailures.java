package dev.fetchpipe.pipeline;

import dev.fetchpipe.report.PlainWords;
import java.util.Set;
import java.util.concurrent.CompletionException;
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

  /** One line: the innermost useful message of a failure. */
  static String reason(Throwable failure) {
    Throwable cause = unwrap(failure);
    String message = cause.getMessage();
    if (cause instanceof StreamTcpException && message != null && message.contains(TCP_FAILED_BECAUSE)) {
      // Pekko's TCP layer puts its whole internal command in the message; what failed is after "because of".
      String why = message.substring(message.indexOf(TCP_FAILED_BECAUSE) + TCP_FAILED_BECAUSE.length());
      return "connection failed: " + PlainWords.text(why.replaceAll("\\s+", " "));
    }
    return PlainWords.of(cause);
  }
}
