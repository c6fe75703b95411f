package dev.fetchpipe.config;

import com.typesafe.config.Config;
import dev.fetchpipe.net.DenyList;
import dev.fetchpipe.net.NetPlan;
import dev.fetchpipe.net.ProxyPlan;
import dev.fetchpipe.net.TlsTrust;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;

/** Reads how requests connect: fetch.proxy, fetch.no-proxy (in the job's proxy environment), fetch.deny-addresses. */
final class NetSettings {
  private NetSettings() {}

  static NetPlan read(ConfigReader read, Config merged) {
    String proxy = read.string("fetchpipe.fetch.proxy");
    String noProxy = read.string("fetchpipe.fetch.no-proxy");
    ProxyPlan proxies;
    try {
      proxies = ProxyPlan.of(proxy, noProxy, ProxyEnvironment.of(merged));
    } catch (IllegalArgumentException e) {
      // Which key: a variable's fault names the variable (read through fetch.proxy = env); the rest are fetch.proxy's.
      throw new SettingsException("fetchpipe.fetch.proxy", e.getMessage());
    }
    DenyList deny;
    try {
      deny = DenyList.parse(read.strings("fetchpipe.fetch.deny-addresses"));
    } catch (IllegalArgumentException e) {
      throw new SettingsException("fetchpipe.fetch.deny-addresses", e.getMessage());
    }
    TlsTrust tls = new TlsTrust(path(read, "ca-file"), read.bool("fetchpipe.fetch.tls.ca-only"), path(read, "client-cert"),
        path(read, "client-key"), path(read, "client-p12"), read.string("fetchpipe.fetch.tls.client-p12-password"),
        read.bool("fetchpipe.fetch.tls.insecure"));
    if (tls.caOnly() && tls.caFile() == null) {
      throw new SettingsException("fetchpipe.fetch.tls.ca-only", "give fetch.tls.ca-file too: trust only which CAs?");
    }
    HttpsConnectionContext https;
    try {
      https = tls.isDefault() ? null : ConnectionContext.httpsClient(tls.context());
    } catch (TlsTrust.BadFile bad) {
      throw new SettingsException(bad.key(), bad.getMessage());
    }
    return new NetPlan(proxies, deny, https, tls.insecure());
  }

  private static Path path(ConfigReader read, String name) {
    return file(read, "fetchpipe.fetch.tls." + name);
  }

  /** A file named by {@code key}, absolute; null when the key is "". */
  static Path file(ConfigReader read, String key) {
    String value = read.string(key).strip();
    if (value.isEmpty()) return null;
    try {
      return Path.of(value).toAbsolutePath();
    } catch (InvalidPathException e) {
      throw new SettingsException(key, "not a path: " + value);
    }
  }
}
