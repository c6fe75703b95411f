package dev.fetchpipe.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Jackson's data binding, for the one answer the client still reads with it: a job's whole report (many fields, many
 * kinds of item), asked for only from a daemon whose {@code end} event lacks the summary. Everything else is read by
 * {@link JsonFields}: a mapper and its readers cost a cold client about 0.1 s of CPU, so this class (and with it the
 * mapper) is initialised only when a report is read. Fields the daemon adds later are ignored.
 */
final class ClientJson {
  static final ObjectMapper MAPPER = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private ClientJson() {}
}
