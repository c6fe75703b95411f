package dev.fetchpipe.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fetchpipe.config.RequestSettings;
import java.util.List;
import java.util.Map;

/**
 * What a job sends besides its URLs, as its STATUS shows it ({@code request}): the names of the headers it was given,
 * for every request and per host, each value as {@code ***} (an empty one, which sends no header of that name, as
 * ""), and how many cookies its jar started with. Every header value counts as a secret, whatever its name: a rule
 * by name (Authorization, Cookie, *token*...) would still show the one a user named X-Session.
 */
final class RequestShown {
  private RequestShown() {}

  static ObjectNode of(RequestSettings request) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    put(node.putObject("headers"), request.headers());
    ObjectNode hosts = node.putObject("hostHeaders");
    for (Map.Entry<String, List<RequestSettings.Header>> host : request.hostHeaders().entrySet()) {
      put(hosts.putObject(host.getKey()), host.getValue());
    }
    node.put("netrc", request.netrc() != null);
    node.put("cookies", request.cookies().seed().size());
    return node;
  }

  private static void put(ObjectNode into, List<RequestSettings.Header> headers) {
    for (RequestSettings.Header header : headers) into.put(header.name(), header.value().isEmpty() ? "" : "***");
  }
}
