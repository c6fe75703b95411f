package dev.fetchpipe.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** An answer of the API as the actors give it: an HTTP status and a JSON body. Errors are {"error": "one line"}. */
record ApiReply(int status, JsonNode body) {

  static ApiReply ok(JsonNode body) {
    return new ApiReply(200, body);
  }

  static ApiReply error(int status, String message) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("error", message.replaceAll("\\R", " "));
    return new ApiReply(status, body);
  }
}
