package dev.fetchpipe.job;

import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.config.UrlSource;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.net.URI;
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
    for (String line : urls) {
      int index = items.size();
      UrlCheck url = UrlCheck.of(line);
      if (!url.usable()) {
        items.add(new JobItem(index, url.url(), null, url.problem()));
        continue;
      }
      URI uri = url.uri();
      String origin = uri.getScheme().toLowerCase(Locale.ROOT) + "://" + hostAndPort(uri);
      if (!hosts.contains(origin) && hosts.size() < 4) hosts.add(origin);
      FileNames.Claimed name = names.claim(uri);
      items.add(new JobItem(index, url.url(), name.name(), null, name.note()));
    }
    return new JobPlan(site != null ? site : describe(hosts), List.copyOf(items));
  }

  /** "h:8000". A host java.net.URI only knows as an authority (e.g. "under_score.example") is taken as it is. */
  private static String hostAndPort(URI uri) {
    if (uri.getHost() == null) return uri.getRawAuthority();
    return uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
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

  /**
   * The URL lines of {@code file}: UTF-8, with or without a byte order mark, any line endings; blank lines and lines
   * starting with # skipped. A file with no URL line at all is an error, as an empty {@code urls} list is.
   */
  private static List<String> readUrlFile(Path file) {
    String key = "fetchpipe.job.url-file";
    if (!Files.isRegularFile(file)) throw new SettingsException(key, "no such file: " + file);
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (CharacterCodingException e) {
      throw new SettingsException(key, file + " is not UTF-8 text");
    } catch (IOException e) {
      throw new SettingsException(key, "cannot read " + file + ": " + e.getMessage());
    }
    // Trimmed of invisible characters too: Windows editors start UTF-8 files with a byte order mark, which Java
    // keeps as the first line's first character, and text pasted from a web page brings no-break spaces.
    List<String> urls = lines.stream()
        .map(UrlCheck::trimmed)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .toList();
    if (urls.isEmpty()) throw new SettingsException(key, file + " has no URLs (only blank lines and # comments)");
    return urls;
  }

  private static String describe(List<String> hosts) {
    if (hosts.isEmpty()) return "(no usable URLs)";
    return hosts.size() < 4 ? String.join(", ", hosts) : String.join(", ", hosts.subList(0, 3)) + " and others";
  }
}
