package dev.fetchpipe.config;

import java.nio.file.Path;

/**
 * What to download and where to put it.
 *
 * @param resume keep files that an earlier run into the same output dir completed (its journal says so and the file's
 *               size and SHA-256 still match) instead of fetching them again
 * @param layout how files are laid out in the output dir
 * @param resumePartial a body cut off part-way is kept, and the next request (this run's retry, a later run's fetch)
 *                      continues it with Range where the server allows
 * @param names  where a saved file's name comes from
 * @param refresh what a rerun does with a kept file (resume on): keep it, ask its server whether it changed, fetch it
 */
public record JobSettings(UrlSource source, Path outputDir, boolean resume, Layout layout, boolean resumePartial,
    Names names, Refresh refresh) {

  public JobSettings(UrlSource source, Path outputDir, boolean resume) {
    this(source, outputDir, resume, Layout.FLAT, true, Names.URL);
  }

  public JobSettings(UrlSource source, Path outputDir, boolean resume, Layout layout, boolean resumePartial,
      Names names) {
    this(source, outputDir, resume, layout, resumePartial, names, Refresh.KEEP);
  }

  /** job.refresh: what a rerun does with a file an earlier run into the same dir saved, still there as saved. */
  public enum Refresh {
    /** Keeps it without asking the server (KEPT). */
    KEEP,
    /**
     * Asks the server whether it changed, with the validator journaled with it: a 304 keeps it (UNCHANGED), a 200
     * replaces it. A file journaled without a validator is fetched again whole.
     */
    IF_CHANGED,
    /** Fetches it again whole, replacing it. */
    ALWAYS
  }

  /** job.names. */
  public enum Names {
    /** The name the URL gives, decided before the job starts. */
    URL,
    /**
     * The server's Content-Disposition file name when it sends one that is free; the URL's name is reserved up front
     * all the same, and kept when the server's is taken or missing.
     */
    CONTENT_DISPOSITION
  }

  public JobSettings(UrlSource source, Path outputDir, boolean resume, Layout layout) {
    this(source, outputDir, resume, layout, true, Names.URL);
  }

  public JobSettings(UrlSource source, Path outputDir, boolean resume, Layout layout, boolean resumePartial) {
    this(source, outputDir, resume, layout, resumePartial, Names.URL);
  }

  /** job.layout. */
  public enum Layout {
    /** Every file directly in the output dir, named after its URL's last path segment. */
    FLAT,
    /** host/path/to/file, as wget -x does: the URL's host (and port) and every path segment a folder. */
    HOST_PATH
  }
}
