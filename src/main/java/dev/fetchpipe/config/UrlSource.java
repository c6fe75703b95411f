package dev.fetchpipe.config;

import java.nio.file.Path;
import java.util.List;

/** Where a job's URLs come from: exactly one of the three forms the config allows. */
public sealed interface UrlSource {

  /** fetchpipe.job.urls: the URLs themselves. */
  record Listed(List<String> urls) implements UrlSource {}

  /** fetchpipe.job.url-file: one URL a line. */
  record FromFile(Path file) implements UrlSource {}

  /**
   * fetchpipe.job.base-url + codes: the Fluent Python flags form, {base}/{cc}/{cc}.gif.
   *
   * @param baseUrl the base, or null when the job uses the embedded origin
   */
  record Flags(String baseUrl, List<String> codes) implements UrlSource {
    public boolean embedded() {
      return baseUrl == null;
    }
  }
}
