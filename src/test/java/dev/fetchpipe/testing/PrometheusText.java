package dev.fetchpipe.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A page of Prometheus' text format (0.0.4), read strictly as Prometheus reads it: every line a comment, a HELP or
 * TYPE line, or a sample of a family whose TYPE came before it; anything else fails the test with the line.
 */
public final class PrometheusText {
  private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
  private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*";
  /** A label value: anything but a bare quote, backslash or line break; those three only escaped. */
  private static final String VALUE = "\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"";
  private static final String NUMBER = "[-+]?(?:[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?|Inf|NaN)";
  private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
  private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .*");
  private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(?:\\{((?:" + LABEL + "=" + VALUE + ",?)*)\\})? ("
      + NUMBER + ")(?: -?[0-9]+)?");
  private static final Pattern ONE_LABEL = Pattern.compile("(" + LABEL + ")=(" + VALUE + ")");

  /** One sample line: its name, labels and value. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private final Map<String, String> types = new HashMap<>();
  private final List<Sample> samples = new ArrayList<>();

  private PrometheusText() {}

  /** @throws AssertionError naming the first line that is not in the format */
  public static PrometheusText parse(String text) {
    PrometheusText page = new PrometheusText();
    if (!text.isEmpty() && !text.endsWith("\n")) throw new AssertionError("the last line has no line break");
    for (String line : text.split("\n")) page.read(line);
    return page;
  }

  private void read(String line) {
    Matcher type = TYPE.matcher(line);
    if (type.matches()) {
      if (types.put(type.group(1), type.group(2)) != null) throw new AssertionError("a second TYPE line: " + line);
      return;
    }
    if (HELP.matcher(line).matches() || line.startsWith("#") || line.isEmpty()) return;
    Matcher sample = SAMPLE.matcher(line);
    if (!sample.matches()) throw new AssertionError("not a sample line of Prometheus' text format: " + line);
    String name = sample.group(1);
    if (family(name) == null) throw new AssertionError("a sample before its family's TYPE line: " + line);
    Map<String, String> labels = new LinkedHashMap<>();
    if (sample.group(2) != null) {
      Matcher label = ONE_LABEL.matcher(sample.group(2));
      while (label.find()) labels.put(label.group(1), unescape(label.group(2)));
    }
    samples.add(new Sample(name, labels, number(sample.group(3))));
  }

  /** The TYPE of the family a sample name belongs to: itself, or less its _total, _bucket, _sum, _count. */
  private String family(String name) {
    if (types.containsKey(name)) return types.get(name);
    for (String suffix : List.of("_total", "_bucket", "_sum", "_count", "_created")) {
      if (name.endsWith(suffix) && types.containsKey(name.substring(0, name.length() - suffix.length()))) {
        return types.get(name.substring(0, name.length() - suffix.length()));
      }
    }
    return null;
  }

  private static String unescape(String quoted) {
    return quoted.substring(1, quoted.length() - 1).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
  }

  private static double number(String text) {
    return switch (text) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }

  /** The family's type, or null when it has no TYPE line. */
  public String type(String family) {
    return types.get(family);
  }

  public List<Sample> samples() {
    return samples;
  }

  /** The one sample with this name and these labels (and any others), or an AssertionError. */
  public double value(String name, String... labelPairs) {
    List<Sample> found = find(name, labelPairs);
    if (found.size() != 1) throw new AssertionError(found.size() + " samples of " + name + " " + List.of(labelPairs) + ": " + found);
    return found.get(0).value();
  }

  /** Whether a sample with this name and these labels is on the page. */
  public boolean has(String name, String... labelPairs) {
    return !find(name, labelPairs).isEmpty();
  }

  private List<Sample> find(String name, String... labelPairs) {
    List<Sample> found = new ArrayList<>();
    for (Sample sample : samples) {
      if (!sample.name().equals(name)) continue;
      boolean all = true;
      for (int i = 0; i + 1 < labelPairs.length; i += 2) {
        all &= labelPairs[i + 1].equals(sample.labels().get(labelPairs[i]));
      }
      if (all) found.add(sample);
    }
    return found;
  }
}
