package dev.fetchpipe.job;

import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.config.UrlSource;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The list of work for one job, made from the configured URL source before any actor starts.
 *
 * @param site  what the summary names as the job's site: the flags base URL, or the hosts of the URLs
 * @param items every URL in the order given, each with its file name
 */
public record JobPlan(String site, List<JobItem> items) {

  /**
   * @param embeddedFlagsUrl the built-in origin's /flags URL when the job uses it, else null
   */
  public static JobPlan of(UrlSource source, String embeddedFlagsUrl) {
    List<String> urls;
    String site = null;
    if (source instanceof UrlSource.Listed listed) {
      urls = listed.urls();
    } else if (source instanceof UrlSource.FromFile fromFile) {
      urls = readUrlFile(fromFile.file());
    } else {
      UrlSource.Flags flags = (UrlSource.Flags) source;
      site = flags.embedded() ? embeddedFlagsUrl : flags.baseUrl();
      urls = flagUrls(site, flags.codes());
    }
    return fromUrls(site, urls);
  }

  static JobPlan fromUrls(String site, List<String> urls) {
    FileNames names = new FileNames();
    List<JobItem> items = new ArrayList<>(urls.size());
    List<String> hosts = new ArrayList<>();
    for (String url : urls) {
      int index = items.size();
      URI uri = httpUri(url);
      if (uri == null) {
        items.add(new JobItem(index, url, null, "not a usable http(s) URL"));
        continue;
      }
      String origin = uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority();
      if (!hosts.contains(origin) && hosts.size() < 4) hosts.add(origin);
      items.add(new JobItem(index, url, names.claim(uri), null));
    }
    return new JobPlan(site != null ? site : describe(hosts), List.copyOf(items));
  }

  /** The flags form of Fluent Python's flags2 scripts: {base}/{cc}/{cc}.gif, cc lower-cased. */
  static List<String> flagUrls(String base, List<String> codes) {
    List<String> urls = new ArrayList<>(codes.size());
    for (String code : codes) {
      String cc = code.toLowerCase(Locale.ROOT);
      urls.add(base + "/" + cc + "/" + cc + ".gif");
    }
    return urls;
  }

  private static List<String> readUrlFile(Path file) {
    String key = "fetchpipe.job.url-file";
    if (!Files.isRegularFile(file)) throw new SettingsException(key, "no such file: " + file);
    try {
      return Files.readAllLines(file).stream()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .toList();
    } catch (IOException e) {
      throw new SettingsException(key, "cannot read " + file + ": " + e.getMessage());
    }
  }

  /** The URL as a URI when it is an absolute http or https URL with a host, else null. */
  private static URI httpUri(String url) {
    try {
      URI uri = new URI(url.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      boolean http = scheme.equals("http") || scheme.equals("https");
      return http && uri.getHost() != null ? uri : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static String describe(List<String> hosts) {
    if (hosts.isEmpty()) return "(no usable URLs)";
    return hosts.size() < 4 ? String.join(", ", hosts) : String.join(", ", hosts.subList(0, 3)) + " and others";
  }
}
