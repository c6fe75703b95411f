package dev.fetchpipe.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/** The daemon's answer to a job it accepted: its id, and the paths of what there is to see of it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Submitted(String id, String state, Map<String, String> links) {

  /** The job's own path, e.g. {@code /api/jobs/J}. */
  public String self() {
    return links == null || links.get("self") == null ? "/api/jobs/" + id : links.get("self");
  }
}
