package dev.fetchpipe.daemon;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Job ids: short, random (never reused, even across restarts), and safe as a folder name and a URL path segment. */
final class JobIds {
  private static final SecureRandom RANDOM = new SecureRandom();

  private JobIds() {}

  static String next() {
    byte[] bytes = new byte[5];
    RANDOM.nextBytes(bytes);
    return "j" + HexFormat.of().formatHex(bytes);
  }

  static boolean isValid(String id) {
    return id != null && id.matches("j[0-9a-f]{10}");
  }
}
