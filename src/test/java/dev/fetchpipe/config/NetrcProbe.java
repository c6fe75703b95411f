package dev.fetchpipe.config;

import java.nio.file.Path;

/** Reads a netrc file in a child JVM that obeys file permissions (see WithoutRootOverride), printing what happened. */
public final class NetrcProbe {
  private NetrcProbe() {}

  public static void main(String[] args) {
    try {
      System.out.println("read: " + Netrc.read("fetchpipe.fetch.netrc", Path.of(args[0])));
    } catch (SettingsException e) {
      System.out.println(e.getMessage());
    }
  }
}
