package dev.fetchpipe.pipeline;

import java.util.Locale;
import java.util.zip.ZipException;
import org.apache.pekko.http.javadsl.coding.Coder;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.ResponseEntity;

/**
 * fetch.decode: a body sent gzip or deflate encoded (the request asked for them) is saved decoded, through Pekko HTTP's
 * coders, lazily, as it streams: max-body-size then holds for the decoded bytes, so a small body that would inflate
 * without end (a gzip bomb) is cut off there, and the SHA-256 is of the bytes saved. With decoding off a body is saved
 * as sent, whatever its Content-Encoding.
 */
final class BodyDecoding {
  private BodyDecoding() {}

  /**
   * The body to save.
   *
   * @throws Undecodable for an encoding with no decoder (br, zstd, or two encodings in a row), saying so
   */
  static ResponseEntity entity(HttpResponse response, boolean decode) {
    if (!decode) return response.entity();
    String encoding = response.encoding().value().strip().toLowerCase(Locale.ROOT);
    Coder coder = switch (encoding) {
      case "gzip", "x-gzip" -> Coder.Gzip;
      case "deflate" -> Coder.Deflate;
      case "identity", "" -> null;
      default -> throw new Undecodable("the server sent the body as Content-Encoding: " + encoding
          + ", which fetchpipe cannot decode (it asked for gzip or deflate; fetch.decode = off saves bodies as sent)");
    };
    return coder == null ? response.entity() : coder.decodeMessage(response).entity();
  }

  /** The body's Content-Encoding names no coder fetchpipe has. */
  static final class Undecodable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Undecodable(String message) {
      super(message, null, false, false);
    }
  }

  /** A body that failed decoding: true when it is corrupt (an ERROR), false when merely cut short (tried again). */
  static boolean corrupt(Throwable cause) {
    return cause instanceof ZipException zip && (zip.getMessage() == null || !zip.getMessage().contains("Truncated"));
  }
}
