package dev.fetchpipe.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The proxy variables of an environment as a config layer, {@code fetchpipe.fetch.proxy-environment}: what
 * {@code fetch.proxy = env} reads. {@code run} puts its own environment under the user's layers; a client puts its
 * own into the job it submits, every variable included (empty when unset), so a daemon's job goes through the proxy
 * of the user who submitted it, never the daemon's. A job posted to the API without them gets the daemon's.
 */
public final class ProxyEnvironment {
  static final String KEY = "fetchpipe.fetch.proxy-environment";
  /** The variables read, as curl reads them (no upper-case HTTP_PROXY: see net.ProxyPlan). */
  public static final List<String> NAMES =
      List.of("http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY");

  private ProxyEnvironment() {}

  /** Every variable of {@link #NAMES}, empty when {@code environment} lacks it. */
  public static Config layer(Map<String, String> environment) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (String name : NAMES) values.put(name, environment.getOrDefault(name, ""));
    return ConfigFactory.parseMap(Map.of(KEY, values), "the environment's proxy variables");
  }

  /** The variables a merged config holds. */
  static Map<String, String> of(Config merged) {
    Map<String, String> environment = new LinkedHashMap<>();
    ConfigObject object = merged.getObject(KEY);
    for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
      environment.put(entry.getKey(), String.valueOf(entry.getValue().unwrapped()));
    }
    return environment;
  }
}
