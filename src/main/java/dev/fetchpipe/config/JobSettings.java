package dev.fetchpipe.config;

import java.nio.file.Path;

/**
 * What to download and where to put it.
 *
 * @param resume keep files that an earlier run into the same output dir completed (its journal says so and the file's
 *               size and SHA-256 still match) instead of fetching them again
 */
public record JobSettings(UrlSource source, Path outputDir, boolean resume) {}
