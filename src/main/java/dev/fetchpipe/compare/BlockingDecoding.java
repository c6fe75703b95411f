package dev.fetchpipe.compare;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * fetch.decode for the blocking engines, whose JDK client does not decode: a gzip or deflate body (zlib-wrapped or raw,
 * as Pekko's coder takes both) is decoded here, reading at most max-body-size + 1 decoded bytes, so a gzip bomb ends
 * as the pipeline's does, as too large.
 */
final class BlockingDecoding {
  private BlockingDecoding() {}

  /** Decoding failed, or found more than max-body-size: the error the URL ends with. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message, null, false, false);
    }
  }

  /** The body to save: as sent when decoding is off or it has no encoding, else decoded. */
  static byte[] body(byte[] sent, String contentEncoding, boolean decode, long maxBodySize) throws Refused {
    String encoding = contentEncoding == null ? "" : contentEncoding.strip().toLowerCase(Locale.ROOT);
    if (!decode || encoding.isEmpty() || encoding.equals("identity")) return sent;
    try {
      return switch (encoding) {
        case "gzip", "x-gzip" -> bounded(new GZIPInputStream(new ByteArrayInputStream(sent)), maxBodySize);
        case "deflate" -> inflated(sent, maxBodySize);
        default -> throw new Refused("the server sent the body as Content-Encoding: " + encoding
            + ", which fetchpipe cannot decode (it asked for gzip or deflate; fetch.decode = off saves bodies as sent)");
      };
    } catch (IOException corrupt) {
      throw new Refused("body is not valid gzip or deflate, as its Content-Encoding said: " + corrupt.getMessage());
    }
  }

  private static byte[] inflated(byte[] sent, long maxBodySize) throws IOException, Refused {
    try {
      return bounded(new InflaterInputStream(new ByteArrayInputStream(sent), new Inflater()), maxBodySize);
    } catch (java.util.zip.ZipException notZlib) {
      // Some servers send raw deflate data, without zlib's header.
      return bounded(new InflaterInputStream(new ByteArrayInputStream(sent), new Inflater(true)), maxBodySize);
    }
  }

  private static byte[] bounded(InputStream in, long maxBodySize) throws IOException, Refused {
    try (in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
        if (out.size() > maxBodySize) {
          throw new Refused("body larger than fetch.max-body-size (" + maxBodySize + " bytes): more arrived");
        }
      }
      return out.toByteArray();
    }
  }
}
