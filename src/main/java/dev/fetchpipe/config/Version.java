package dev.fetchpipe.config;

/** fetchpipe's version: what --version prints and what the default User-Agent says. */
public final class Version {
  public static final String NUMBER = "0.1.0";

  private Version() {}
}
