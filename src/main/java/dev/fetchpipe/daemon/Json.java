package dev.fetchpipe.daemon;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The one JSON mapper of the daemon's API and state files. */
final class Json {
  /** Far deeper than anything the daemon reads or writes; a request nested deeper is refused before it is read. */
  static final int MAX_DEPTH = 64;

  static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build())
      // A report written by a newer fetchpipe still reads: fields it does not know are left out.
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private Json() {}
}
