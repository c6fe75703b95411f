package dev.fetchpipe.job;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one line of a URL list: a URL alone; a URL, a tab, then options ({@code out=NAME sha256=HEX
 * header=Name:value}, separated by tabs or spaces); or, in a JSON Lines list, an object
 * {@code {"url": ..., "out": ..., "sha256": ..., "headers": {...}}}. A line whose options cannot be read is one
 * unusable item saying which line and why; its URL is not fetched, and no other line is affected.
 */
final class UrlLine {
  /** Made on the first JSON line only: a plain list should not pay for Jackson's start-up. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  }

  private static final List<String> KEYS = List.of("out", "sha256", "header");
  private static final String KNOWN = " (a URL line's options are out=NAME, sha256=HEX and header=Name:value, after a tab)";
  private static final Set<String> JSON_FIELDS = Set.of("url", "out", "sha256", "headers");

  private UrlLine() {}

  /** Whether a list whose first non-blank text is {@code text} is JSON Lines: it starts with '{'. */
  static boolean isJson(String firstText) {
    return UrlCheck.trimmed(firstText).startsWith("{");
  }

  /**
   * @param text  the line, trimmed, not blank
   * @param where "line 7" (a file) or "URL 7" (a list given in the config): how a problem names the line
   */
  static UrlCheck read(String text, String where, boolean json) {
    return json ? readJson(text, where) : readText(text, where);
  }

  private static UrlCheck readText(String text, String where) {
    int tab = text.indexOf('\t');
    if (tab < 0) return UrlCheck.of(text);
    String url = UrlCheck.trimmed(text.substring(0, tab));
    UrlOptions.Builder options = new UrlOptions.Builder();
    for (String option : options(text.substring(tab + 1))) {
      String problem = option(options, option);
      if (problem != null) return UrlCheck.unusable(url, where + ": " + problem);
    }
    return UrlCheck.of(url).withOptions(options.build());
  }

  /**
   * The options after the tab: split at whitespace before each "key=", so a header's value may hold spaces
   * ({@code header=Authorization: Bearer abc sha256=...}).
   */
  static List<String> options(String text) {
    List<String> options = new ArrayList<>();
    StringBuilder current = null;
    for (String word : UrlCheck.trimmed(text).split("[ \\t]+")) {
      if (word.isEmpty()) continue;
      if (current == null || startsWithKey(word)) {
        if (current != null) options.add(current.toString());
        current = new StringBuilder(word);
      } else {
        current.append(' ').append(word);
      }
    }
    if (current != null) options.add(current.toString());
    return options;
  }

  private static boolean startsWithKey(String word) {
    int equals = word.indexOf('=');
    return equals > 0 && KEYS.contains(word.substring(0, equals));
  }

  private static String option(UrlOptions.Builder options, String option) {
    int equals = option.indexOf('=');
    String key = equals < 0 ? option : option.substring(0, equals);
    if (equals < 0) return "\"" + UrlCheck.shown(option) + "\" after the tab is not an option" + KNOWN;
    if (!KEYS.contains(key)) return "unknown option \"" + UrlCheck.shown(key) + "\"" + KNOWN;
    String value = option.substring(equals + 1);
    return switch (key) {
      case "out" -> options.out(value);
      case "sha256" -> options.sha256(value);
      default -> options.header(value);
    };
  }

  private static UrlCheck readJson(String text, String where) {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return UrlCheck.unusable(text, where + " is not valid JSON (" + e.getOriginalMessage() + ")");
    }
    if (node == null || !node.isObject()) {
      return UrlCheck.unusable(text, where + " is not a JSON object (the list is JSON Lines: its first line starts with {)");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!JSON_FIELDS.contains(name)) {
        return UrlCheck.unusable(text, where + ": unknown field \"" + UrlCheck.shown(name) + "\" (known: url, out, sha256, headers)");
      }
    }
    JsonNode url = node.get("url");
    if (url == null || !url.isTextual()) return UrlCheck.unusable(text, where + ": \"url\" must be a string");
    String shown = url.asText();
    UrlOptions.Builder options = new UrlOptions.Builder();
    String problem = jsonOptions(node, options);
    if (problem != null) return UrlCheck.unusable(shown, where + ": " + problem);
    return UrlCheck.of(shown).withOptions(options.build());
  }

  private static String jsonOptions(JsonNode node, UrlOptions.Builder options) {
    for (String field : List.of("out", "sha256")) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) continue;
      if (!value.isTextual()) return "\"" + field + "\" must be a string";
      String problem = field.equals("out") ? options.out(value.asText()) : options.sha256(value.asText());
      if (problem != null) return problem;
    }
    JsonNode headers = node.get("headers");
    if (headers == null || headers.isNull()) return null;
    if (!headers.isObject()) return "\"headers\" must be an object of names and string values";
    for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> header = it.next();
      if (!header.getValue().isTextual()) return "header " + UrlCheck.shown(header.getKey()) + "'s value must be a string";
      String problem = options.header(header.getKey(), header.getValue().asText());
      if (problem != null) return problem;
    }
    return null;
  }
}
