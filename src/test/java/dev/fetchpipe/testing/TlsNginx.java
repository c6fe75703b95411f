package dev.fetchpipe.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * nginx (Debian's nginx-light) serving {@code www} over HTTPS on 127.0.0.1, with the certificate and key given, and
 * asking for a client certificate from {@code clientCa} when that is not null; one access log line per request.
 */
public final class TlsNginx extends DebianTool {
  private final int port;

  private TlsNginx(Process process, Path log, int port) {
    super(process, log);
    this.port = port;
  }

  public int port() {
    return port;
  }

  public String url(String path) {
    return "https://127.0.0.1:" + port + path;
  }

  public static TlsNginx https(Path dir, Path www, Path certificate, Path key, Path clientCa) {
    String binary = DebianTool.require("nginx", "nginx-light");
    int port = DebianTool.freePort();
    Path home = dir.resolve("nginx-" + port);
    try {
      Files.createDirectories(home.resolve("tmp"));
      String clientAuth = clientCa == null ? ""
          : "ssl_client_certificate " + clientCa + "; ssl_verify_client on;";
      Files.writeString(home.resolve("nginx.conf"), """
          %7$s
          worker_processes 1;
          daemon off;
          pid %1$s/nginx.pid;
          error_log %1$s/error.log info;
          events { worker_connections 64; }
          http {
            client_body_temp_path %1$s/tmp/body; proxy_temp_path %1$s/tmp/proxy; fastcgi_temp_path %1$s/tmp/fcgi;
            uwsgi_temp_path %1$s/tmp/uwsgi; scgi_temp_path %1$s/tmp/scgi;
            default_type application/octet-stream;
            log_format tls '$remote_addr sni=$ssl_server_name client="$ssl_client_s_dn" "$request" $status';
            server {
              listen 127.0.0.1:%2$d ssl;
              ssl_certificate %3$s; ssl_certificate_key %4$s; %5$s
              access_log %1$s/access.log tls;
              root %6$s;
            }
          }
          """.formatted(home, port, certificate, key, clientAuth, www,
          // Workers of a root master run as nobody, who could not read a test's private temporary directory.
          "root".equals(System.getProperty("user.name")) ? "user root;" : ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Process process = DebianTool.start(List.of(binary, "-c", home.resolve("nginx.conf").toString(), "-p", home.toString()),
        home.resolve("out.log"), port);
    return new TlsNginx(process, home.resolve("access.log"), port);
  }
}
