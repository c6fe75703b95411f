package dev.fetchpipe.daemon;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The one JSON mapper of the daemon's API and state files. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper()
      // A report written by a newer fetchpipe still reads: fields it does not know are left out.
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private Json() {}
}
