package dev.fetchpipe.origin;

import dev.fetchpipe.config.CountryCodes;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;

/**
 * Made-up flags: one small three-stripe GIF per country code.
 *
 * <p>The colors come from a SHA-256 of the code, so every code gets its own picture and the bytes are the
 * same on every call and in every JVM: downloaded files can be compared with what the origin serves.
 */
public final class FlagImages {

  static final int WIDTH = 30;
  static final int HEIGHT = 20;
  private static final int STRIPES = 3;

  // At most one entry per known code (gif() refuses the others), so the cache cannot grow without bound.
  private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

  private FlagImages() {}

  /**
   * The GIF for a known country code, in either case.
   *
   * @throws IllegalArgumentException when {@link CountryCodes#isKnown} says the code is unknown
   */
  public static byte[] gif(String code) {
    if (!CountryCodes.isKnown(code)) {
      throw new IllegalArgumentException("unknown country code: " + code);
    }
    // A copy, so no caller can change what the next caller gets.
    return CACHE.computeIfAbsent(code.toUpperCase(Locale.ROOT), FlagImages::render).clone();
  }

  /** Encodes the flag afresh, bypassing the cache; package-private so tests can check the encoder itself. */
  static byte[] render(String upperCode) {
    byte[] hash = sha256("fetchpipe-flag:" + upperCode);
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_INDEXED, palette(hash));
    // One hash bit picks horizontal or vertical stripes, so flags differ in shape as well as color.
    boolean vertical = (hash[STRIPES * 3] & 1) == 1;
    var raster = image.getRaster();
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        int stripe = vertical ? x * STRIPES / WIDTH : y * STRIPES / HEIGHT;
        raster.setSample(x, y, 0, stripe);
      }
    }
    var out = new ByteArrayOutputStream(256);
    try {
      // ImageIO's GIF writer stores no timestamps or other varying metadata, so the output is reproducible.
      if (!ImageIO.write(image, "gif", out)) {
        throw new IllegalStateException("this JVM has no GIF writer");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode flag " + upperCode, e);
    }
    return out.toByteArray();
  }

  /** Three stripe colors from the first nine hash bytes; GIF palettes come in powers of two, so a fourth unused entry. */
  private static IndexColorModel palette(byte[] hash) {
    int size = 4;
    byte[] r = new byte[size];
    byte[] g = new byte[size];
    byte[] b = new byte[size];
    for (int i = 0; i < STRIPES; i++) {
      r[i] = hash[i * 3];
      g[i] = hash[i * 3 + 1];
      b[i] = hash[i * 3 + 2];
    }
    return new IndexColorModel(2, size, r, g, b);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256.
      throw new IllegalStateException(e);
    }
  }
}
