package dev.fetchpipe.cli;

import dev.fetchpipe.config.RequestSettings;
import dev.fetchpipe.config.SettingsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `run`'s shortcuts for the job (URL arguments, --urls, --out, -m), shared by the commands that run the same job
 * another way. URLs given here make the job the user's own: it starts from reference.conf, not from the demo job.
 */
final class JobOptions {

  @Parameters(paramLabel = "URL", arity = "0..*",
      description = {"URLs to fetch, as curl and wget take them", "(fetchpipe.job.urls): the job starts from the",
          "defaults, not from the demo job's config."})
  List<String> urlArguments = new ArrayList<>();

  @Option(names = "--urls", paramLabel = "FILE",
      description = {"File with one URL a line (# comments; options after a", "tab, or JSON Lines), - for stdin; replaces the",
          "config's URL source (fetchpipe.job.url-file)."})
  Path urls;

  @Option(names = "--out", paramLabel = "DIR", description = {"Output dir (fetchpipe.job.output-dir)."})
  String out;

  @Option(names = {"-m", "-j", "--max-in-flight"}, paramLabel = "N",
      description = {"Most requests in flight at once", "(fetchpipe.fetch.max-in-flight)."})
  String maxInFlight;

  @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'",
      description = {"A header for every request, as curl's -H (repeatable;", "fetchpipe.fetch.headers); 'NAME:' sends none."})
  List<String> headers = new ArrayList<>();


  @Option(names = {"-x", "--proxy"}, paramLabel = "URL",
      description = {"Proxy, as curl's -x: http://[user:pass@]host:port,", "socks5://... or socks5h://...; none for no proxy",
          "(fetchpipe.fetch.proxy)."})
  String proxy;

  @Option(names = "--cacert", paramLabel = "FILE",
      description = {"PEM CA certificates trusted besides the JVM's", "(fetchpipe.fetch.tls.ca-file)."})
  String cacert;

  @Option(names = {"-k", "--insecure"},
      description = {"Accept any server certificate for any name", "(fetchpipe.fetch.tls.insecure); never for real use."})
  boolean insecure;

  /** The list --urls - read from stdin, once; null before. */
  private List<String> stdinUrls;

  /** The URL arguments, --urls, --out, -m, -H, -x, --cacert and -k, as the config keys they stand for. */
  Map<String, Object> shortcuts() {
    Map<String, Object> keys = new HashMap<>();
    // Replaces the config file's source (urls, or base-url and codes): ConfigLayers lets the higher source win.
    if (!urlArguments.isEmpty()) keys.put("fetchpipe.job.urls", checkedUrls(urlArguments));
    if (urls != null && urls.toString().equals(StdinUrls.DASH)) {
      if (!urlArguments.isEmpty()) {
        throw new SettingsException("fetchpipe.job", "two URL sources on the command line: --urls and the URL arguments; give one");
      }
      // Read once: a command may ask for its shortcuts more than once, and stdin gives its lines only once.
      if (stdinUrls == null) stdinUrls = StdinUrls.read(System.in);
      keys.put("fetchpipe.job.urls", stdinUrls);
    } else if (urls != null) {
      keys.put("fetchpipe.job.url-file", urls.toString());
    }
    if (out != null) keys.put("fetchpipe.job.output-dir", out);
    if (maxInFlight != null) keys.put("fetchpipe.fetch.max-in-flight", maxInFlight);
    if (!headers.isEmpty()) keys.put("fetchpipe.fetch.headers", headerObject(headers));
    if (proxy != null) keys.put("fetchpipe.fetch.proxy", proxy);
    if (cacert != null) keys.put("fetchpipe.fetch.tls.ca-file", cacert);
    if (insecure) keys.put("fetchpipe.fetch.tls.insecure", true);
    return keys;
  }

  /** --header lines as fetch.headers' object, each checked (a later one of the same name wins, names ignoring case). */
  private static Map<String, String> headerObject(List<String> lines) {
    Map<String, String> byName = new LinkedHashMap<>();
    Map<String, String> spelled = new HashMap<>();
    for (String line : lines) {
      RequestSettings.Header header = RequestSettings.headerLine(line);
      String earlier = spelled.put(header.name().toLowerCase(Locale.ROOT), header.name());
      if (earlier != null) byName.remove(earlier);
      byName.put(header.name(), header.value());
    }
    return byName;
  }

  /**
   * A word that is not an http(s) URL is a usage error, not a URL that fails: on a command line it is far more often
   * a config file or a list of URLs given without its option, and the error says which option it wants.
   */
  static List<String> checkedUrls(List<String> words) {
    for (String word : words) {
      String lower = word.toLowerCase(Locale.ROOT);
      if (lower.startsWith("http://") || lower.startsWith("https://")) continue;
      throw new SettingsException(word, "not an http(s) URL; " + hint(word));
    }
    return List.copyOf(words);
  }

  private static String hint(String word) {
    boolean file;
    try {
      file = Files.isRegularFile(Path.of(word));
    } catch (InvalidPathException e) {
      file = false;
    }
    if (file && word.endsWith(".conf")) return "a config file is given with --config " + word;
    if (file) return "a file of URLs, one a line, is given with --urls " + word;
    if (!word.contains("://") && word.matches("[A-Za-z0-9.-]+\\.[A-Za-z]{2,}(:\\d+)?(/.*)?")) {
      return "did you mean http://" + word + "?";
    }
    return "URLs start with http:// or https://";
  }
}
