package dev.fetchpipe.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The client's one JSON mapper: a mapper costs tens of milliseconds to set up, a noticeable share of a command that
 * should start at once. Fields the daemon adds later are ignored, so an older client still reads a newer daemon.
 */
final class ClientJson {
  static final ObjectMapper MAPPER = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private ClientJson() {}
}
