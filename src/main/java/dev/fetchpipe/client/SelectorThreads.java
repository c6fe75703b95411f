package dev.fetchpipe.client;

import java.net.http.HttpClient;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The selector thread of one of the JDK's HTTP clients, stopped by hand on Java 17, whose HttpClient has no close().
 * The JDK names the thread "HttpClient-N-SelectorManager", N being the id the client's toString() ends with, "(N)"
 * (the JDK's own tests find the thread so), and the thread ends when interrupted, its loop running while it is not.
 * On a JDK that does otherwise nothing is stopped, and only the exit is slower.
 */
final class SelectorThreads {
  private static final Pattern CLIENT_ID = Pattern.compile("\\((\\d+)\\)$");
  private static final long JOIN_MILLIS = 200;

  private SelectorThreads() {}

  static void stop(HttpClient client) {
    Matcher id = CLIENT_ID.matcher(client.toString());
    if (!id.find()) return;
    String name = "HttpClient-" + id.group(1) + "-SelectorManager";
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (!thread.getName().equals(name)) continue;
      thread.interrupt();
      try {
        thread.join(JOIN_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
  }
}
