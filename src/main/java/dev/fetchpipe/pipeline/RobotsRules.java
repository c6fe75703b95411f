package dev.fetchpipe.pipeline;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One host's robots.txt as it applies to one User-Agent (RFC 9309): which paths it may fetch and the Crawl-delay it
 * asks. Pure: the fetch of the file is elsewhere. A hostile file cannot hurt: only its first {@link #MAX_BYTES} are
 * read, lines that are not {@code key: value} are skipped, and matching costs at most the pattern's length times the
 * path's.
 */
public final class RobotsRules {
  /** RFC 9309 lets a crawler stop reading after 500 KiB; the rest of a larger file is ignored. */
  public static final int MAX_BYTES = 500 * 1024;

  /** What a host without robots.txt (4xx), or one that could not be read (5xx, unreachable), gets: everything. */
  public static final RobotsRules ALLOW_ALL = new RobotsRules(List.of(), null);

  private record Rule(boolean allow, String pattern) {}

  private final List<Rule> rules;
  private final Duration crawlDelay;

  private RobotsRules(List<Rule> rules, Duration crawlDelay) {
    this.rules = rules;
    this.crawlDelay = crawlDelay;
  }

  /** The rules of {@code body} (a robots.txt's bytes, UTF-8) for the crawler whose User-Agent header is {@code userAgent}. */
  public static RobotsRules parse(byte[] body, String userAgent) {
    // Malformed UTF-8 becomes U+FFFD, never an error: a broken file still gives the lines it has.
    String text = new String(body, 0, Math.min(body.length, MAX_BYTES), StandardCharsets.UTF_8);
    return parse(text, userAgent);
  }

  /** The rules of robots.txt {@code text} for {@code userAgent}: its product token's groups, else {@code *}'s. */
  public static RobotsRules parse(String text, String userAgent) {
    String token = productToken(userAgent);
    List<Group> groups = groups(text);
    List<Group> chosen = groups.stream().filter(g -> token != null && g.agents.contains(token)).toList();
    if (chosen.isEmpty()) {
      chosen = groups.stream().filter(g -> g.agents.contains("*")).toList();
    }
    List<Rule> rules = new ArrayList<>();
    Duration delay = null;
    for (Group group : chosen) {
      rules.addAll(group.rules);
      if (group.crawlDelay != null && (delay == null || group.crawlDelay.compareTo(delay) > 0)) {
        delay = group.crawlDelay;
      }
    }
    return new RobotsRules(List.copyOf(rules), delay);
  }

  /** The Crawl-delay the chosen groups ask (the largest, when several do). */
  public Optional<Duration> crawlDelay() {
    return Optional.ofNullable(crawlDelay);
  }

  /**
   * Whether {@code pathAndQuery} (a URL's raw path, with {@code ?query} if any) may be fetched: the longest matching
   * rule decides, Allow winning a tie; no match allows. {@code /robots.txt} itself is always allowed.
   */
  public boolean allows(String pathAndQuery) {
    String path = pathAndQuery == null || pathAndQuery.isEmpty() ? "/" : normalize(pathAndQuery, false);
    if (path.equals("/robots.txt")) {
      return true;
    }
    int best = -1;
    boolean allowed = true;
    for (Rule rule : rules) {
      int length = rule.pattern.length();
      if (length < best || (length == best && allowed)) {
        continue;
      }
      if (matches(rule.pattern, path)) {
        allowed = length > best ? rule.allow : allowed || rule.allow;
        best = length;
      }
    }
    return allowed;
  }

  /** The product token of a User-Agent header ({@code fetchpipe/1.0 (+x)} is {@code fetchpipe}), lower case; null if none. */
  static String productToken(String userAgent) {
    if (userAgent == null) {
      return null;
    }
    String token = leadingIdentifier(userAgent.strip());
    return token.isEmpty() ? null : token;
  }

  /** RFC 9309's identifier: letters, {@code -} and {@code _}; what follows (a version, a comment) is not compared. */
  private static String leadingIdentifier(String value) {
    int end = 0;
    while (end < value.length()) {
      char c = value.charAt(end);
      boolean identifier = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
      if (!identifier) {
        break;
      }
      end++;
    }
    return value.substring(0, end).toLowerCase(Locale.ROOT);
  }

  private static final class Group {
    final List<String> agents = new ArrayList<>();
    final List<Rule> rules = new ArrayList<>();
    Duration crawlDelay;
    boolean hasRuleLines;
  }

  /** The file's groups: user-agent lines in a row open one; rules before any user-agent line belong to none. */
  private static List<Group> groups(String text) {
    List<Group> groups = new ArrayList<>();
    Group current = null;
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    for (String raw : body.split("\r\n|\r|\n")) {
      int hash = raw.indexOf('#');
      String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).strip();
      switch (key) {
        case "user-agent" -> {
          if (current == null || current.hasRuleLines) {
            current = new Group();
            groups.add(current);
          }
          String agent = value.startsWith("*") ? "*" : leadingIdentifier(value);
          if (!agent.isEmpty()) {
            current.agents.add(agent);
          }
        }
        case "allow", "disallow" -> {
          if (current != null) {
            current.hasRuleLines = true;
            if (!value.isEmpty()) {
              current.rules.add(new Rule(key.equals("allow"), normalize(value, true)));
            }
          }
        }
        case "crawl-delay" -> {
          if (current != null) {
            current.hasRuleLines = true;
            Duration delay = seconds(value);
            if (delay != null && (current.crawlDelay == null || delay.compareTo(current.crawlDelay) > 0)) {
              current.crawlDelay = delay;
            }
          }
        }
        default -> { } // sitemap and unknown keys neither end a group nor count
      }
    }
    return groups;
  }

  /** A Crawl-delay's seconds ({@code 10}, {@code 0.5}); null when it is not a plain non-negative number. */
  private static Duration seconds(String value) {
    if (!value.matches("[0-9]{1,9}(\\.[0-9]{1,9})?")) {
      return null;
    }
    return Duration.ofNanos(Math.round(Double.parseDouble(value) * 1_000_000_000d));
  }

  /**
   * One spelling for a path or pattern, so that {@code /%62ar} and {@code /bar} compare equal (RFC 9309 2.2.2):
   * unreserved characters percent-encoded are decoded, other escapes get upper-case hex, non-ASCII is percent-encoded
   * as UTF-8. In a pattern, runs of {@code *} are one.
   */
  static String normalize(String value, boolean pattern) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '%' && i + 2 < value.length() && hex(value.charAt(i + 1)) >= 0 && hex(value.charAt(i + 2)) >= 0) {
        int octet = hex(value.charAt(i + 1)) * 16 + hex(value.charAt(i + 2));
        if (unreserved(octet)) {
          out.append((char) octet);
        } else {
          out.append('%').append(Character.toUpperCase(value.charAt(i + 1)))
              .append(Character.toUpperCase(value.charAt(i + 2)));
        }
        i += 2;
      } else if (c > 0x7e || c < 0x21) {
        int end = Character.isHighSurrogate(c) && i + 1 < value.length() ? i + 2 : i + 1;
        for (byte b : value.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
          out.append('%').append(String.format("%02X", b & 0xff));
        }
        i = end - 1;
      } else if (pattern && c == '*' && out.length() > 0 && out.charAt(out.length() - 1) == '*') {
        continue;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }

  private static boolean unreserved(int octet) {
    return (octet >= 'a' && octet <= 'z') || (octet >= 'A' && octet <= 'Z') || (octet >= '0' && octet <= '9')
        || octet == '-' || octet == '.' || octet == '_' || octet == '~';
  }

  /**
   * Whether {@code pattern} matches the start of {@code path}: {@code *} is any run of characters, a final {@code $}
   * the path's end. Keeps the set of path positions reached so far, so a pattern full of stars costs no more than
   * its length times the path's.
   */
  static boolean matches(String pattern, String path) {
    int literals = 0;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c != '*' && !(c == '$' && i == pattern.length() - 1)) {
        literals++;
      }
    }
    if (literals > path.length()) {
      return false;
    }
    boolean[] reached = new boolean[path.length() + 1];
    reached[0] = true;
    int lowest = 0;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '$' && i == pattern.length() - 1) {
        return reached[path.length()];
      }
      if (c == '*') {
        for (int p = lowest; p <= path.length(); p++) {
          reached[p] = true;
        }
        continue;
      }
      // One character further from every position reached; positions below `lowest` were never reached.
      int newLowest = -1;
      for (int p = path.length(); p > lowest; p--) {
        reached[p] = reached[p - 1] && path.charAt(p - 1) == c;
        if (reached[p]) {
          newLowest = p;
        }
      }
      reached[lowest] = false;
      if (newLowest < 0) {
        return false;
      }
      lowest = newLowest;
    }
    return true;
  }
}
