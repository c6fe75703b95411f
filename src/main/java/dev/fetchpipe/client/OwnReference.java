package dev.fetchpipe.client;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;

/**
 * fetchpipe's own reference.conf, without Pekko's. {@code ConfigFactory.defaultReference()} parses every
 * reference.conf on the class path, and Pekko's are large: a client that starts no actor system has no use for them,
 * and would spend much of its start-up parsing them.
 */
final class OwnReference {
  private static final String NAME = "reference.conf";

  private OwnReference() {}

  static Config get() {
    return Holder.REFERENCE;
  }

  /** Parsed when first needed, once. */
  private static final class Holder {
    static final Config REFERENCE = ConfigFactory.parseURL(find()).resolve();
  }

  /** The reference.conf that comes from where this class does: fetchpipe's jar, or its classes directory in a build. */
  private static URL find() {
    String home = OwnReference.class.getProtectionDomain().getCodeSource().getLocation().toString();
    try {
      for (URL candidate : Collections.list(OwnReference.class.getClassLoader().getResources(NAME))) {
        if (candidate.toString().contains(home)) return candidate;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the class path's " + NAME, e);
    }
    throw new IllegalStateException("fetchpipe's own " + NAME + " is not beside its classes in " + home);
  }
}
