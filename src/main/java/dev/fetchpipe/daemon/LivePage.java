package dev.fetchpipe.daemon;

import dev.fetchpipe.timeline.LivePaint;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * The live page at {@code /}: plain HTML, CSS and JavaScript modules kept in the jar (resources under
 * {@code dev/fetchpipe/daemon/page/}), loading nothing from anywhere else. It holds no job: everything it shows it asks
 * the API for, with the cookie the browser got from {@code /?token=...}, so it may be served without the token; a
 * browser without one sees the API's 401 and the page says which URL to open.
 */
final class LivePage {
  private static final String FOLDER = "/dev/fetchpipe/daemon/page/";
  private static final ContentType JAVASCRIPT = MediaTypes.APPLICATION_JAVASCRIPT.toContentType(HttpCharsets.UTF_8);
  private static final ContentType CSS = MediaTypes.TEXT_CSS.toContentType(HttpCharsets.UTF_8);

  /** The page's own files; nothing else under /page/ is served. */
  private static final List<String> SCRIPTS = List.of("app.js", "api.js", "format.js", "jobs.js", "submit.js",
      "job-view.js", "job-numbers.js", "controls.js", "series-chart.js", "live-lanes.js", "svg.js");

  /**
   * Scripts and styles from this daemon only (no inline script, nothing from another site), answers to this daemon
   * only, and never a Referer: the first URL carries the token.
   */
  private static final List<HttpHeader> HEADERS = List.of(
      RawHeader.create("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
          + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"),
      RawHeader.create("X-Content-Type-Options", "nosniff"),
      RawHeader.create("Referrer-Policy", "no-referrer"),
      RawHeader.create("Cache-Control", "no-cache"));

  private static final Map<String, HttpResponse> ASSETS = assets();
  private static final HttpResponse INDEX = respond(ContentTypes.TEXT_HTML_UTF8, resource("index.html")
      .replace("<!--paint-patterns-->", LivePaint.patterns())
      .replace("<!--paint-legend-->", LivePaint.legend()));

  private LivePage() {}

  /** Whether a request for this path is for the page itself, which may be fetched without the token. */
  static boolean serves(String path) {
    return path.equals("/") || path.startsWith("/page/") && ASSETS.containsKey(path.substring("/page/".length()));
  }

  static HttpResponse index() {
    return INDEX;
  }

  /** One of the page's files, or null when it has none of that name. */
  static HttpResponse asset(String name) {
    return ASSETS.get(name);
  }

  private static Map<String, HttpResponse> assets() {
    Map<String, HttpResponse> files = SCRIPTS.stream()
        .collect(Collectors.toMap(Function.identity(), name -> respond(JAVASCRIPT, resource(name))));
    files.put("live.css", respond(CSS, resource("live.css")));
    // The timeline page's colours, made from the same list, so a bar here and there never differ.
    files.put("paint.css", respond(CSS, LivePaint.css()));
    return Map.copyOf(files);
  }

  private static HttpResponse respond(ContentType type, String text) {
    return HttpResponse.create().withEntity(HttpEntities.create(type, text.getBytes(StandardCharsets.UTF_8)))
        .addHeaders(HEADERS);
  }

  private static String resource(String name) {
    try (InputStream in = LivePage.class.getResourceAsStream(FOLDER + name)) {
      if (in == null) throw new IllegalStateException("the jar lacks the live page's " + FOLDER + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
