package dev.fetchpipe.job;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The lines of a byte stream, as bytes, whatever their endings (\n, \r\n or \r, mixed): a URL file's lines are decoded
 * one by one afterwards, so one line that is not UTF-8 spoils only itself. Reads ahead a buffer at a time.
 */
final class LineReader implements AutoCloseable {
  static final int BUFFER = 64 * 1024;

  private final InputStream in;
  private final byte[] buffer;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
  private int position;
  private int limit;
  private boolean lastWasCr;

  LineReader(InputStream in) {
    this(in, BUFFER);
  }

  LineReader(InputStream in, int bufferSize) {
    this.in = in;
    this.buffer = new byte[bufferSize];
  }

  /**
   * The next line's bytes without its ending, or null at the end of the stream; an empty line is an empty array. A
   * line within the buffer is copied out in one piece: copying byte by byte was a noticeable share of a warm job's CPU
   * on small files.
   */
  byte[] next() throws IOException {
    line.reset();
    while (true) {
      if (position == limit) {
        limit = in.read(buffer);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          return line.size() > 0 ? line.toByteArray() : null;
        }
      }
      if (lastWasCr && buffer[position] == '\n') position++; // the \n of a \r\n: that line ended at the \r
      lastWasCr = false;
      int start = position;
      while (position < limit && buffer[position] != '\n' && buffer[position] != '\r') position++;
      if (position == limit) {
        line.write(buffer, start, position - start); // the line goes on in the next read
        continue;
      }
      lastWasCr = buffer[position] == '\r';
      position++;
      if (line.size() == 0) return Arrays.copyOfRange(buffer, start, position - 1);
      line.write(buffer, start, position - 1 - start);
      return line.toByteArray();
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
