package dev.fetchpipe.config;

import com.typesafe.config.Config;
import dev.fetchpipe.net.DenyList;
import dev.fetchpipe.net.NetPlan;
import dev.fetchpipe.net.ProxyPlan;

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
    return new NetPlan(proxies, deny);
  }
}
