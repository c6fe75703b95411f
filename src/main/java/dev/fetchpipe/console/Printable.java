package dev.fetchpipe.console;

/**
 * Text from URLs, servers or a daemon as a terminal may show it on one line: a control character (a newline, an
 * escape that starts a terminal sequence) or an invisible formatting one (a bidi override that turns the rest of a
 * line around) is written as its escape, {@code \n} or {@code \u202e}, never passed to the terminal.
 */
public final class Printable {
  private Printable() {}

  public static String of(String text) {
    if (text == null) return "null";
    StringBuilder shown = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean unsafe = Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
          || c == '\u2028' || c == '\u2029' || Character.isSurrogate(c) && !wholePair(text, i);
      if (unsafe && shown == null) shown = new StringBuilder(text.length() + 8).append(text, 0, i);
      if (shown == null) continue;
      if (!unsafe) {
        shown.append(c);
      } else if (c == '\n') {
        shown.append("\\n");
      } else if (c == '\r') {
        shown.append("\\r");
      } else if (c == '\t') {
        shown.append("\\t");
      } else {
        shown.append(String.format("\\u%04x", (int) c));
      }
    }
    return shown == null ? text : shown.toString();
  }

  /** The surrogate at {@code i} is half of a whole pair (a character outside the BMP, an emoji say). */
  private static boolean wholePair(String text, int i) {
    char c = text.charAt(i);
    if (Character.isHighSurrogate(c)) return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
    return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
  }
}
