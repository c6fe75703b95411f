package dev.fetchpipe.client;

import java.io.IOException;
import java.io.InputStream;

/**
 * An HTTP/1.1 chunked body, decoded: each chunk's data in turn, and the end at the last (zero-size) chunk. The
 * daemon's event stream comes so, one chunk per event or a few, for as long as the job runs; a read returns what the
 * chunk under way has, so an event is handed on as soon as it arrives.
 */
final class ChunkedInput extends InputStream {
  private final InputStream in;
  /** Bytes left in the chunk under way; 0 between chunks. */
  private long left;
  private boolean ended;

  ChunkedInput(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) return 0;
    if (left == 0 && !nextChunk()) return -1;
    int n = in.read(buffer, offset, (int) Math.min(length, left));
    if (n == -1) throw new IOException("the connection closed inside a chunk");
    left -= n;
    if (left == 0) endOfChunk();
    return n;
  }

  @Override
  public int available() throws IOException {
    return ended ? 0 : (int) Math.min(left, in.available());
  }

  /** Reads the next chunk's size line; false at the last chunk, whose trailer is read to its blank line. */
  private boolean nextChunk() throws IOException {
    if (ended) return false;
    String sizeLine = Http11.line(in);
    if (sizeLine == null) throw new IOException("the connection closed before the body's last chunk");
    int extension = sizeLine.indexOf(';');
    String hex = (extension >= 0 ? sizeLine.substring(0, extension) : sizeLine).trim();
    try {
      left = Long.parseLong(hex, 16);
    } catch (NumberFormatException e) {
      throw new IOException("a bad chunk size: \"" + sizeLine + '"');
    }
    if (left < 0) throw new IOException("a bad chunk size: \"" + sizeLine + '"');
    if (left > 0) return true;
    ended = true;
    for (String trailer = Http11.line(in); trailer != null && !trailer.isEmpty(); trailer = Http11.line(in)) {
      // Trailers carry nothing the client uses.
    }
    return false;
  }

  /** The CRLF after a chunk's data. */
  private void endOfChunk() throws IOException {
    String rest = Http11.line(in);
    if (rest == null || !rest.isEmpty()) throw new IOException("a chunk longer than its size");
  }
}
