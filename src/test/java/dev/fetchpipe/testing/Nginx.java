package dev.fetchpipe.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx (Debian's nginx-light) on a free loopback port, serving {@code root()}, started from a config made for
 * the test: gzip on for text, and an access log of the headers that matter to the tests. A missing nginx fails the
 * test naming the package.
 */
public final class Nginx implements AutoCloseable {
  private static final Path BINARY = Path.of("/usr/sbin/nginx");

  private final Path prefix;
  private final int port;
  private final Process process;

  private Nginx(Path prefix, int port, Process process) {
    this.prefix = prefix;
    this.port = port;
    this.process = process;
  }

  public static Nginx start(Path prefix) throws IOException, InterruptedException {
    return start(prefix, "");
  }

  /** An nginx whose server block also holds {@code locations} (nginx config text, e.g. a location that sets a cookie). */
  public static Nginx start(Path prefix, String locations) throws IOException, InterruptedException {
    assertTrue(Files.isExecutable(BINARY), "nginx is missing: apt-get install nginx-light");
    Files.createDirectories(prefix.resolve("www"));
    Files.createDirectories(prefix.resolve("tmp"));
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    String temp = prefix.resolve("tmp").toString();
    String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
    Files.writeString(prefix.resolve("nginx.conf"), user + """
        worker_processes 1;
        pid PREFIX/nginx.pid;
        error_log PREFIX/error.log;
        events { worker_connections 64; }
        http {
          log_format headers '$request "$http_user_agent" "$http_x_team" "$http_accept_encoding" "$http_authorization" $status $body_bytes_sent';
          access_log PREFIX/access.log headers;
          log_format conditional '$request "$http_if_none_match" "$http_if_modified_since" $status $body_bytes_sent';
          access_log PREFIX/conditional.log conditional;
          client_body_temp_path TEMP/body; proxy_temp_path TEMP/proxy; fastcgi_temp_path TEMP/fastcgi;
          uwsgi_temp_path TEMP/uwsgi; scgi_temp_path TEMP/scgi;
          types { text/plain txt; application/octet-stream bin; }
          server {
            listen 127.0.0.1:PORT;
            root PREFIX/www;
            gzip on; gzip_types text/plain; gzip_min_length 1;
            LOCATIONS
          }
        }
        """.replace("PREFIX", prefix.toString()).replace("TEMP", temp).replace("PORT", String.valueOf(port))
        .replace("LOCATIONS", locations));
    Process process = new ProcessBuilder(BINARY.toString(), "-p", prefix.toString(), "-c",
        prefix.resolve("nginx.conf").toString(), "-g", "daemon off;")
        .redirectErrorStream(true).redirectOutput(prefix.resolve("stdout.log").toFile()).start();
    Nginx nginx = new Nginx(prefix, port, process);
    for (int i = 0; i < 100; i++) {
      try (Socket probe = new Socket("127.0.0.1", port)) {
        return nginx;
      } catch (IOException notYet) {
        if (!process.isAlive()) break;
        Thread.sleep(50);
      }
    }
    nginx.close();
    throw new AssertionError("nginx did not start: " + Files.readString(prefix.resolve("stdout.log"))
        + (Files.exists(prefix.resolve("error.log")) ? Files.readString(prefix.resolve("error.log")) : ""));
  }

  public Path root() {
    return prefix.resolve("www");
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /**
   * The access log so far, a line a request: request line, User-Agent, X-Team, Accept-Encoding, Authorization, status
   * and body bytes sent.
   */
  public String accessLog() throws IOException {
    Path log = prefix.resolve("access.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  /**
   * The requests so far, a line each: request line, If-None-Match, If-Modified-Since, status and body bytes sent. A
   * line is written as its request ends: poll for the lines awaited.
   */
  public String conditionalLog() throws IOException {
    Path log = prefix.resolve("conditional.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
