package dev.fetchpipe.timeline;

/**
 * Escapes text for the page, which is both HTML and well-formed XML. Everything that came from a job (URLs, error
 * messages, thread names, the site) goes through here: URLs are hostile input.
 */
final class Xml {
  private Xml() {}

  /** Appends {@code text} escaped for an element's text or a double- or single-quoted attribute value. */
  static StringBuilder append(StringBuilder out, String text) {
    if (text == null) return out;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        // Kept as references so an attribute value keeps them too (a parser would turn raw ones into spaces).
        case '\n' -> out.append("&#10;");
        case '\r' -> out.append("&#13;");
        case '\t' -> out.append("&#9;");
        // XML 1.0 cannot carry these at all, not even as references: a lone surrogate, a control character.
        default -> out.appendCodePoint(allowed(c) ? c : '\uFFFD');
      }
    }
    return out;
  }

  static String escape(String text) {
    return append(new StringBuilder(), text).toString();
  }

  private static boolean allowed(int c) {
    return (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
  }
}
