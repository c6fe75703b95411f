package dev.fetchpipe.report;

import java.io.EOFException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;

/**
 * A failure in the words a user reads: "no such file or directory: /proc/x", "connection refused", "unknown host
 * nohost.invalid", never a Java exception's name (NoSuchFileException, ConnectException...), and never without the
 * cause: the file, the host, the operating system's reason are kept. Every message a user sees that comes from a
 * Throwable goes through here, as does a library's message that names an exception inside it (Pekko's
 * "failed because of java.net.ConnectException: Connection refused"). Plain Java only: the thin client uses it too.
 */
public final class PlainWords {
  /** An exception's name inside a message, with its package and the ": " after it. */
  private static final Pattern NAMED = Pattern.compile(
      "\\b(?:[a-z][a-z0-9_]*\\.)*([A-Z][A-Za-z0-9]*(?:Exception|Error))\\b(?::\\s*)?");
  /** What an exception's name says, for the names a message may carry; others are made words from their name. */
  private static final Map<String, String> NAMES = Map.ofEntries(
      Map.entry("ConnectException", ""),
      Map.entry("SocketException", ""),
      Map.entry("IOException", ""),
      Map.entry("UncheckedIOException", ""),
      Map.entry("CompletionException", ""),
      Map.entry("ExecutionException", ""),
      Map.entry("StreamTcpException", ""),
      Map.entry("SocketTimeoutException", "timed out: "),
      Map.entry("TimeoutException", "timed out: "),
      Map.entry("UnknownHostException", "unknown host "),
      Map.entry("NoRouteToHostException", "no route to host: "),
      Map.entry("BindException", ""),
      Map.entry("NoSuchFileException", "no such file or directory: "),
      Map.entry("AccessDeniedException", "permission denied: "),
      Map.entry("FileAlreadyExistsException", "already exists: "),
      Map.entry("NotDirectoryException", "not a directory: "),
      Map.entry("DirectoryNotEmptyException", "not empty: "),
      Map.entry("FileSystemException", ""),
      Map.entry("EOFException", "closed early: "),
      Map.entry("SSLHandshakeException", "TLS handshake failed: "),
      Map.entry("SSLException", "TLS failed: "));

  private PlainWords() {}

  /** The failure, inside the wrappers futures put around it, in plain words with its cause. */
  public static String of(Throwable failure) {
    Throwable cause = unwrapped(failure);
    String words = typed(cause);
    if (words == null) {
      String message = cause.getMessage();
      words = message == null || message.isBlank() ? nameInWords(cause.getClass().getSimpleName()) : text(message);
    }
    return oneLine(words);
  }

  /**
   * As {@link #of(Throwable)}, for a message that already names {@code named} (a path, a host): "cannot create /x:
   * no such file or directory", not the path twice. Another file the failure names is kept.
   */
  public static String of(Throwable failure, Object named) {
    String words = of(failure);
    String suffix = ": " + named;
    return named != null && words.endsWith(suffix) ? words.substring(0, words.length() - suffix.length()) : words;
  }

  /** A message with every exception's name in it replaced by what it says. */
  public static String text(String message) {
    Matcher named = NAMED.matcher(message);
    StringBuilder out = new StringBuilder();
    while (named.find()) {
      String name = named.group(1);
      String words = NAMES.containsKey(name) ? NAMES.get(name) : nameInWords(name) + ": ";
      named.appendReplacement(out, Matcher.quoteReplacement(words));
    }
    named.appendTail(out);
    String text = out.toString().replaceAll("(:\\s*)+$", "").replaceAll(":\\s*:", ":").strip();
    return text.isEmpty() ? message.strip() : lowerFirst(text);
  }

  /** Futures, reflection and unchecked I/O wrap the failure that says something. */
  private static Throwable unwrapped(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException
        || cause instanceof UncheckedIOException || cause instanceof InvocationTargetException)
        && cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** The failures whose kind says more than their message (a file system's message is the path alone). */
  private static String typed(Throwable cause) {
    String message = cause.getMessage() == null ? "" : cause.getMessage().strip();
    if (cause instanceof FileSystemException fs) return fileSystem(fs);
    if (cause instanceof UnknownHostException) return message.isEmpty() ? "unknown host" : "unknown host " + message;
    if (cause instanceof NoRouteToHostException) return "no route to host";
    if (cause instanceof ConnectException) return message.isEmpty() ? "connection refused" : lowerFirst(message);
    if (cause instanceof BindException) return message.isEmpty() ? "address already in use" : lowerFirst(message);
    if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException) {
      return message.isEmpty() ? "timed out" : text(message);
    }
    if (cause instanceof EOFException) return message.isEmpty() ? "closed early" : "closed early: " + text(message);
    if (cause instanceof SSLHandshakeException) return "TLS handshake failed" + (message.isEmpty() ? "" : ": " + text(message));
    return null;
  }

  private static String fileSystem(FileSystemException fs) {
    String file = fs.getFile() == null ? "" : fs.getFile();
    String other = fs.getOtherFile() == null ? "" : " (and " + fs.getOtherFile() + ")";
    String what;
    if (fs instanceof NoSuchFileException) {
      what = "no such file or directory";
    } else if (fs instanceof AccessDeniedException) {
      what = "permission denied";
    } else if (fs instanceof FileAlreadyExistsException) {
      what = "already exists";
    } else if (fs instanceof NotDirectoryException) {
      what = "not a directory";
    } else if (fs instanceof DirectoryNotEmptyException) {
      what = "not empty";
    } else if (fs.getReason() != null && !fs.getReason().isBlank()) {
      what = lowerFirst(fs.getReason().strip());
    } else {
      what = "failed";
    }
    return file.isEmpty() ? what : what + ": " + file + other;
  }

  /** "NullPointerException" as "null pointer", "IllegalStateException" as "illegal state": the last resort. */
  static String nameInWords(String simpleName) {
    String stem = simpleName.replaceFirst("(Exception|Error)$", "");
    String words = stem.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replaceAll("([A-Z])([A-Z][a-z])", "$1 $2")
        .toLowerCase(Locale.ROOT).strip();
    return words.isEmpty() ? "failed" : words;
  }

  /** "Connection refused" as "connection refused", but "HTTP 503" and "TLS" as they are. */
  private static String lowerFirst(String text) {
    if (text.length() < 2 || !Character.isUpperCase(text.charAt(0)) || !Character.isLowerCase(text.charAt(1))) return text;
    return Character.toLowerCase(text.charAt(0)) + text.substring(1);
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }
}
