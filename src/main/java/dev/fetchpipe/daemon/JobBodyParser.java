package dev.fetchpipe.daemon;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderClasspath;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigIncluderURL;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import dev.fetchpipe.config.SettingsException;
import java.io.File;
import java.net.URL;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * Reads a job's text as sent to the API (HOCON or JSON) into a config, refusing what a config file on one's own disk
 * may do but a request from the network must not: an {@code include} of any kind (a file of the daemon's machine, a
 * URL the daemon would fetch, a class path resource) and any {@code ${...}} substitution (which would read the daemon's
 * environment). Its nesting is bounded before the text is parsed (Typesafe Config's parser recurses once per level)
 * and after it (a path such as a.b.c.d nests without a brace), so nothing a job says runs the parser's stack out.
 */
final class JobBodyParser {
  /** Deeper than any job needs (fetchpipe.fetch.retry.max-attempts is 4), far below what exhausts a thread's stack. */
  static final int MAX_DEPTH = 32;
  private static final String WHAT = "the job";

  private JobBodyParser() {}

  /**
   * The job's text as a config, its values all given in it.
   *
   * @param maxChars the longest text accepted (the daemon's max-body-size), checked before anything else
   * @throws SettingsException one line saying what is wrong, never echoing a file or variable of the daemon's
   */
  static Config parse(String body, long maxChars) {
    if (body.length() > maxChars) {
      throw new SettingsException(WHAT, "is longer than daemon.max-body-size (" + maxChars + " bytes)");
    }
    if (body.isBlank()) throw new SettingsException(WHAT, "is empty: send the job as HOCON or JSON, e.g. {\"job\": {\"urls\": [...]}}");
    if (nesting(body) > MAX_DEPTH) throw tooDeep();
    Config parsed;
    try {
      parsed = ConfigFactory.parseString(body, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF)
          .setOriginDescription(WHAT).setIncluder(new NoIncludes()).setAllowMissing(false));
    } catch (IncludeRefused e) {
      throw new SettingsException(WHAT, "may not include anything (include is for config files on the daemon's own "
          + "disk): give the settings themselves");
    } catch (ConfigException e) {
      throw new SettingsException(WHAT, e.getMessage().replaceAll("\\R", " "));
    }
    checkTree(parsed.root());
    return parsed;
  }

  private static SettingsException tooDeep() {
    return new SettingsException(WHAT, "is nested more than " + MAX_DEPTH + " levels deep; a job needs a handful");
  }

  /**
   * How deep the text nests, outside quoted strings and comments: its braces and brackets, plus the dots of a path
   * expression (a.b.c is three objects deep). What the parser's recursion follows, over-counted rather than under
   * (a number's or an address's dots count too). Cheap, and run before the parser ever sees the text.
   */
  static int nesting(String body) {
    int depth = 0;
    int dots = 0;
    int deepest = 0;
    int length = body.length();
    for (int i = 0; i < length; i++) {
      char c = body.charAt(i);
      if (c == '"') {
        i = afterString(body, i);
      } else if (c == '#' || (c == '/' && i + 1 < length && body.charAt(i + 1) == '/')) {
        while (i < length && body.charAt(i) != '\n') i++;
        dots = 0;
      } else if (c == '.') {
        deepest = Math.max(deepest, depth + ++dots);
      } else if (c == '{' || c == '[') {
        dots = 0;
        deepest = Math.max(deepest, ++depth);
      } else if (c == '}' || c == ']') {
        dots = 0;
        depth = Math.max(0, depth - 1);
      } else if (Character.isWhitespace(c) || c == ',' || c == ':' || c == '=') {
        dots = 0;
      }
    }
    return deepest;
  }

  /** The index of a quoted string's closing quote (a triple-quoted one's last quote), or the end of the text. */
  private static int afterString(String body, int open) {
    if (body.startsWith("\"\"\"", open)) {
      int close = body.indexOf("\"\"\"", open + 3);
      return close < 0 ? body.length() : close + 2;
    }
    for (int i = open + 1; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\\') i++;
      else if (c == '"' || c == '\n') return i;
    }
    return body.length();
  }

  /**
   * Walks the parsed tree without recursion: too deep (path expressions nest without braces) or holding a
   * substitution, which is named. Nothing of the daemon's is looked up, so a ${PATH} is refused, not sent.
   */
  private static void checkTree(ConfigObject root) {
    record Node(String path, ConfigValue value, int depth) {}
    Deque<Node> todo = new ArrayDeque<>();
    todo.push(new Node("", root, 0));
    while (!todo.isEmpty()) {
      Node node = todo.pop();
      if (node.depth() > MAX_DEPTH) throw tooDeep();
      ConfigValue value = node.value();
      if (!resolved(value)) {
        String shown = value.render(ConfigRenderOptions.concise());
        throw new SettingsException(node.path().isEmpty() ? WHAT : node.path(), "uses ${...} (" + shortened(shown)
            + "): a job sent to the daemon may not refer to anything (its environment included); give the value itself");
      }
      if (value instanceof ConfigObject object) {
        for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
          String key = ConfigUtil.joinPath(entry.getKey());
          todo.push(new Node(node.path().isEmpty() ? key : node.path() + "." + key, entry.getValue(), node.depth() + 1));
        }
      } else if (value instanceof ConfigList list) {
        for (int i = 0; i < list.size(); i++) todo.push(new Node(node.path() + "[" + i + "]", list.get(i), node.depth() + 1));
      }
    }
  }

  /** False for a ${...} (or a value built with one, such as "a" ${B} or +=): only those have no type yet. */
  private static boolean resolved(ConfigValue value) {
    try {
      value.valueType();
      return true;
    } catch (ConfigException.NotResolved e) {
      return false;
    }
  }

  private static String shortened(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }

  /** Thrown by {@link NoIncludes}: the parser passes it through as it is. */
  private static final class IncludeRefused extends ConfigException {
    private static final long serialVersionUID = 1L;

    IncludeRefused() {
      super("include refused");
    }
  }

  /** Every form of include (plain, file(), url(), classpath(), required(...)) ends here, before anything is read. */
  private static final class NoIncludes implements ConfigIncluder, ConfigIncluderFile, ConfigIncluderURL,
      ConfigIncluderClasspath {
    @Override
    public ConfigIncluder withFallback(ConfigIncluder fallback) {
      return this;
    }

    @Override
    public ConfigObject include(ConfigIncludeContext context, String what) {
      throw new IncludeRefused();
    }

    @Override
    public ConfigObject includeFile(ConfigIncludeContext context, File what) {
      throw new IncludeRefused();
    }

    @Override
    public ConfigObject includeURL(ConfigIncludeContext context, URL what) {
      throw new IncludeRefused();
    }

    @Override
    public ConfigObject includeResources(ConfigIncludeContext context, String what) {
      throw new IncludeRefused();
    }
  }
}
