package dev.fetchpipe.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 request and its answer over a blocking socket of its own ({@code Connection: close}): all the daemon's
 * client needs, where the JDK's HTTP client costs a noticeable start-up (its selector thread, its asynchronous
 * machinery, a TLS context even for plain http) and CPU per line of an event stream. The
 * body is read as the answer frames it: chunked, by Content-Length, or to the end of the connection.
 */
final class Http11 {
  private Http11() {}

  /** An answer whose body is still to be read: close it when done. */
  static final class Response implements Closeable {
    private final Socket socket;
    private final int status;
    private final InputStream body;

    private Response(Socket socket, int status, InputStream body) {
      this.socket = socket;
      this.status = status;
      this.body = body;
    }

    int status() {
      return status;
    }

    /** The body, decoded from its framing; it ends where the body ends. */
    InputStream body() {
      return body;
    }

    /** The whole body as UTF-8 text. */
    String text() throws IOException {
      return new String(body.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /**
   * Sends {@code method target} to {@code base}'s host and reads the answer's head.
   *
   * @param target      the path and query, e.g. {@code /api/jobs?report=...}
   * @param headers     extra header lines, {@code Name: value} each
   * @param body        the request body as UTF-8, or null for none
   * @param readTimeout how long a read may wait for the daemon; {@link Duration#ZERO} for as long as it takes
   */
  static Response send(URI base, String method, String target, String[] headers, String body, Duration connectTimeout,
      Duration readTimeout) throws IOException {
    return send(base, method, target, headers, body, connectTimeout, readTimeout, false);
  }

  /**
   * @param resetOnClose end the connection with a reset, not a plain close, whenever this process lets go of it, a
   *                     kill -9 included: the daemon notices at once that the client of a job that belongs to it has
   *                     gone (a plain close it would notice only when a write to the connection fails, a second later)
   */
  static Response send(URI base, String method, String target, String[] headers, String body, Duration connectTimeout,
      Duration readTimeout, boolean resetOnClose) throws IOException {
    boolean tls = "https".equalsIgnoreCase(base.getScheme());
    int port = base.getPort() != -1 ? base.getPort() : tls ? 443 : 80;
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      if (resetOnClose) socket.setSoLinger(true, 0);
      socket.connect(new InetSocketAddress(base.getHost(), port), (int) connectTimeout.toMillis());
      socket.setSoTimeout((int) readTimeout.toMillis());
      if (tls) socket = tls(socket, base.getHost(), port);
      byte[] content = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
      StringBuilder head = new StringBuilder(256).append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
          .append("Host: ").append(base.getRawAuthority()).append("\r\n").append("Connection: close\r\n");
      for (String header : headers) head.append(header).append("\r\n");
      if (content != null) head.append("Content-Length: ").append(content.length).append("\r\n");
      head.append("\r\n");
      OutputStream out = socket.getOutputStream();
      byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
      if (content == null) {
        out.write(headBytes);
      } else {
        byte[] request = new byte[headBytes.length + content.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(content, 0, request, headBytes.length, content.length);
        out.write(request);
      }
      out.flush();
      return readHead(socket, new BufferedInputStream(socket.getInputStream(), 16 * 1024));
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  private static Socket tls(Socket plain, String host, int port) throws IOException {
    SSLSocket socket = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(plain, host, port, true);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    socket.setSSLParameters(parameters);
    socket.startHandshake();
    return socket;
  }

  /** The status line and headers; what follows is the body, framed as they say. */
  private static Response readHead(Socket socket, InputStream in) throws IOException {
    String statusLine = line(in);
    if (statusLine == null || !statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
      throw new IOException("not an HTTP answer: " + (statusLine == null ? "nothing" : '"' + statusLine + '"'));
    }
    int status;
    try {
      status = Integer.parseInt(statusLine.substring(9, 12));
    } catch (NumberFormatException e) {
      throw new IOException("not an HTTP status line: \"" + statusLine + '"');
    }
    long length = -1;
    boolean chunked = false;
    for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
      int colon = header.indexOf(':');
      if (colon < 0) continue;
      String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = header.substring(colon + 1).trim();
      if (name.equals("transfer-encoding")) chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
      if (name.equals("content-length")) length = parseLength(value);
    }
    InputStream body = chunked ? new ChunkedInput(in) : length >= 0 ? new LimitedInput(in, length) : in;
    return new Response(socket, status, body);
  }

  private static long parseLength(String value) throws IOException {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IOException("a bad Content-Length: " + value);
    }
  }

  /** One line of the head, without its CRLF (a bare LF is taken too); null at the end of the stream. */
  static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    int b;
    while ((b = in.read()) != -1 && b != '\n') {
      if (line.size() > 64 * 1024) throw new IOException("a header line longer than 64 KiB");
      line.write(b);
    }
    if (b == -1 && line.size() == 0) return null;
    byte[] bytes = line.toByteArray();
    int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
    return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
  }

  /** A body of Content-Length bytes. */
  private static final class LimitedInput extends InputStream {
    private final InputStream in;
    private long left;

    LimitedInput(InputStream in, long length) {
      this.in = in;
      this.left = length;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (left == 0) return -1;
      int n = in.read(buffer, offset, (int) Math.min(length, left));
      if (n == -1) throw new IOException("the connection closed " + left + " bytes before the body's end");
      left -= n;
      return n;
    }
  }
}
