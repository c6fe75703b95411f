package dev.fetchpipe.build;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Which build of fetchpipe this process runs, and on which JVM set-up: what a daemon writes into its daemon.json, and
 * what {@code run} compares before it hands a job to a daemon it finds. A daemon of another build (the jar rebuilt
 * since it started, another checkout) has other classes than the client, and one started with other JVM options (a
 * trust store in {@code JAVA_TOOL_OPTIONS}, another JDK) would fetch differently from the same command in process: both
 * are left alone, and {@code run} starts a daemon of its own.
 *
 * <p>Told by the jar's path, size and time of last change, not by hashing its bytes: a client reads them in
 * microseconds, and any rebuild changes the time. Plain Java: the thin client loads it.
 */
public final class Build {
  /** The environment variables that change what a JVM of fetchpipe does: its JVM options, however given. */
  static final String[] JVM_VARIABLES = {"JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "FETCHPIPE_JAVA_OPTS"};

  private Build() {}

  /** This process's build and JVM set-up, as 16 hex digits. */
  public static String id() {
    return Holder.ID;
  }

  private static final class Holder {
    static final String ID = id(codeSource(), System.getProperty("java.home", ""), System.getenv());
  }

  /**
   * @param code        the jar (or, in a build, the classes directory) fetchpipe's classes come from
   * @param javaHome    the JDK that runs them
   * @param environment the JVM options given through the environment
   */
  static String id(Path code, String javaHome, Map<String, String> environment) {
    StringBuilder identity = new StringBuilder(256).append(code.toAbsolutePath().normalize()).append('\n');
    try {
      identity.append(Files.size(code)).append('\n').append(Files.getLastModifiedTime(code).toMillis()).append('\n');
    } catch (IOException e) {
      identity.append("unreadable\n");
    }
    identity.append(javaHome).append('\n');
    for (String variable : JVM_VARIABLES) identity.append(environment.getOrDefault(variable, "")).append('\n');
    return String.format(Locale.ROOT, "%016x", fnv1a64(identity.toString()));
  }

  /** Where this class was loaded from: fetchpipe's jar, or its classes directory. */
  private static Path codeSource() {
    try {
      return Path.of(Build.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | RuntimeException e) {
      return Path.of("unknown");
    }
  }

  /** FNV-1a, 64 bits: a fingerprint of a few hundred characters without loading a message digest. */
  private static long fnv1a64(String text) {
    long hash = 0xcbf29ce484222325L;
    for (int i = 0; i < text.length(); i++) {
      hash ^= text.charAt(i);
      hash *= 0x100000001b3L;
    }
    return hash;
  }
}
