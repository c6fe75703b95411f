package dev.fetchpipe.origin;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.http.javadsl.coding.Coder;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The origin's routes for what goes into a request, as httpbin has them (see docs/origin.md):
 * <ul>
 *   <li>{@code /headers}: the request's headers as a JSON object, name to value (repeated names joined with ", ").
 *   <li>{@code /basic-auth/{user}/{password}}: 200 when the request's Basic credentials are exactly these, else 401.
 *   <li>{@code /bearer}: 200 for any {@code Authorization: Bearer ...}, {@code /bearer/{token}} only for that token,
 *       else 401. Neither answer holds the token.
 *   <li>{@code /cookies/set?name=value&...}: one Set-Cookie per parameter (path /), and the cookies set as JSON;
 *       {@code /cookies}: the request's cookies as a JSON object.
 *   <li>{@code /gzip/{n}} and {@code /deflate/{n}}: the bytes of {@code /bytes/{n}}, encoded so (Content-Encoding),
 *       whatever the request's Accept-Encoding.
 *   <li>{@code /gzip-bomb/{mib}}: that many MiB of zeros, gzip encoded as they stream (about a thousandth the size).
 *   <li>{@code /redirect-to?url=U}: 302 to U, which may be another host (127.0.0.2 for a second host on loopback).
 * </ul>
 */
final class WebRoutes {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final long MAX_BOMB_MIB = 64 * 1024;
  /** Pekko's encoders leave alone a type they think incompressible (application/octet-stream): text they encode. */
  private static final org.apache.pekko.http.javadsl.model.ContentType COMPRESSIBLE = ContentTypes.TEXT_PLAIN_UTF8;

  Route route() {
    return concat(
        path("headers", () -> extractRequest(request -> json(headers(request)))),
        path(segment("basic-auth").slash(segment()).slash(segment()), this::basicAuth),
        path("bearer", () -> extractRequest(request -> bearer(request, null))),
        path(segment("bearer").slash(segment()), token -> extractRequest(request -> bearer(request, token))),
        path(segment("cookies").slash("set"), this::setCookies),
        path("cookies", () -> extractRequest(request -> json(cookies(request)))),
        path(segment("gzip").slash(segment()), count -> encoded(count, Coder.Gzip)),
        path(segment("deflate").slash(segment()), count -> encoded(count, Coder.Deflate)),
        path(segment("gzip-bomb").slash(segment()), this::bomb),
        path("redirect-to", () -> parameterOptional("url", this::redirectTo)));
  }

  private static Map<String, String> headers(HttpRequest request) {
    Map<String, String> byName = new LinkedHashMap<>();
    for (HttpHeader header : request.getHeaders()) {
      byName.merge(header.name(), header.value(), (a, b) -> a + ", " + b);
    }
    return byName;
  }

  private Route basicAuth(String user, String password) {
    return extractRequest(request -> {
      String expected = "Basic " + Base64.getEncoder()
          .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
      if (expected.equals(authorization(request))) return json(Map.of("authenticated", "true", "user", user));
      return complete(HttpResponse.create().withStatus(StatusCodes.UNAUTHORIZED)
          .addHeader(RawHeader.create("WWW-Authenticate", "Basic realm=\"fetchpipe origin\""))
          .withEntity("wrong or missing Basic credentials"));
    });
  }

  private Route bearer(HttpRequest request, String token) {
    String given = authorization(request);
    boolean bearer = given != null && given.regionMatches(true, 0, "Bearer ", 0, 7) && given.length() > 7;
    if (bearer && (token == null || given.substring(7).strip().equals(token))) {
      return json(Map.of("authenticated", "true"));
    }
    return complete(HttpResponse.create().withStatus(StatusCodes.UNAUTHORIZED)
        .addHeader(RawHeader.create("WWW-Authenticate", "Bearer"))
        .withEntity("wrong or missing bearer token"));
  }

  private static String authorization(HttpRequest request) {
    return request.getHeader("Authorization").map(HttpHeader::value).orElse(null);
  }

  private Route setCookies() {
    return extractRequest(request -> {
      Map<String, String> set = new LinkedHashMap<>();
      request.getUri().query().toMultiMap().forEach((name, values) -> set.put(name, values.get(values.size() - 1)));
      HttpResponse response = HttpResponse.create();
      for (Map.Entry<String, String> cookie : set.entrySet()) {
        response = response.addHeader(RawHeader.create("Set-Cookie", cookie.getKey() + "=" + cookie.getValue() + "; Path=/"));
      }
      return complete(response.withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, text(set))));
    });
  }

  private static Map<String, String> cookies(HttpRequest request) {
    Map<String, String> cookies = new LinkedHashMap<>();
    for (HttpHeader header : request.getHeaders()) {
      if (!header.is("cookie")) continue;
      for (String pair : header.value().split(";")) {
        int eq = pair.indexOf('=');
        if (eq > 0) cookies.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
      }
    }
    return cookies;
  }

  private Route encoded(String count, Coder coder) {
    return OriginRoutes.withByteCount(count, 1, length -> complete(coder.encodeMessage(HttpResponse.create()
        .withEntity(HttpEntities.create(COMPRESSIBLE, length, DeterministicBytes.stream(length))))));
  }

  private Route bomb(String mib) {
    var n = OriginRoutes.parseInRange(mib, 1, MAX_BOMB_MIB);
    if (n.isEmpty()) return OriginRoutes.badRequest("MiB must be 1 to " + MAX_BOMB_MIB);
    ByteString zeros = ByteString.fromArray(new byte[1024 * 1024]);
    Source<ByteString, ?> body = Source.repeat(zeros).take(n.getAsLong());
    return complete(Coder.Gzip.encodeMessage(HttpResponse.create()
        .withEntity(HttpEntities.createChunked(COMPRESSIBLE, body))));
  }

  private Route redirectTo(Optional<String> url) {
    if (url.isEmpty() || !url.get().toLowerCase(Locale.ROOT).startsWith("http")) {
      return OriginRoutes.badRequest("give ?url=http://...");
    }
    return complete(HttpResponse.create().withStatus(StatusCodes.FOUND).addHeader(Location.create(url.get())));
  }

  private static Route json(Map<String, String> map) {
    return complete(HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, text(map))));
  }

  private static String text(Map<String, String> map) {
    try {
      return JSON.writeValueAsString(map);
    } catch (JsonProcessingException e) {
      // A map of strings always serializes; this would be a bug.
      throw new IllegalStateException(e);
    }
  }
}
