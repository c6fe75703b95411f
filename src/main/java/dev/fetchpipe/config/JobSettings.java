package dev.fetchpipe.config;

import java.nio.file.Path;

/** What to download and where to put it. */
public record JobSettings(UrlSource source, Path outputDir) {}
