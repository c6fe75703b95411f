package dev.fetchpipe.net;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which route each URL of a job takes, from {@code fetch.proxy} and {@code fetch.no-proxy}: no proxy at all, one proxy
 * for every URL, or the proxies an environment names, read as curl reads them: {@code http_proxy} for http URLs (lower
 * case only, as curl: an upper-case HTTP_PROXY can be set by a CGI request's "Proxy:" header), {@code https_proxy} or
 * {@code HTTPS_PROXY} for https, else {@code all_proxy} or {@code ALL_PROXY}; the lower-case name wins; an empty value
 * is none. Hosts that match {@code no_proxy} ({@code NO_PROXY}) go direct.
 *
 * <p>The environment is the one the job was given: run's own, or the one a daemon's client sent with the job, so a
 * job submitted to a daemon goes through its user's proxy, not the daemon's.
 */
public final class ProxyPlan {
  private static final ProxyPlan NONE = new ProxyPlan(null, null, null, NoProxy.none(), "none");

  private final ProxyUrl http;
  private final ProxyUrl https;
  private final ProxyUrl all;
  private final NoProxy noProxy;
  private final String summary;

  private ProxyPlan(ProxyUrl http, ProxyUrl https, ProxyUrl all, NoProxy noProxy, String summary) {
    this.http = http;
    this.https = https;
    this.all = all;
    this.noProxy = noProxy;
    this.summary = summary;
  }

  /** Every URL goes direct. */
  public static ProxyPlan none() {
    return NONE;
  }

  /**
   * @param proxy       fetch.proxy: "env", "none", or a proxy URL
   * @param noProxy     fetch.no-proxy: "env" for the environment's no_proxy, else a no_proxy list ("" for none)
   * @param environment the job's environment (only the proxy variables are read)
   * @throws IllegalArgumentException in plain words, naming the variable at fault and never a password
   */
  public static ProxyPlan of(String proxy, String noProxy, Map<String, String> environment) {
    String mode = proxy.strip();
    NoProxy direct = noProxy.strip().equalsIgnoreCase("env")
        ? NoProxy.parse(variable(environment, "no_proxy", "NO_PROXY").orElse(""))
        : NoProxy.parse(noProxy);
    if (mode.equalsIgnoreCase("none")) return NONE;
    if (!mode.equalsIgnoreCase("env")) {
      ProxyUrl one = ProxyUrl.parse(mode);
      return new ProxyPlan(one, one, one, direct, one.shown());
    }
    ProxyUrl forHttp = fromVariable(environment, "http_proxy");
    ProxyUrl forHttps = fromVariable(environment, "https_proxy", "HTTPS_PROXY");
    ProxyUrl forAll = fromVariable(environment, "all_proxy", "ALL_PROXY");
    if (forHttp == null && forHttps == null && forAll == null) return NONE;
    StringBuilder said = new StringBuilder();
    if (forHttp != null) said.append("http: ").append(forHttp.shown());
    if (forHttps != null) said.append(said.isEmpty() ? "" : ", ").append("https: ").append(forHttps.shown());
    if (forAll != null) said.append(said.isEmpty() ? "" : ", ").append("others: ").append(forAll.shown());
    return new ProxyPlan(forHttp, forHttps, forAll, direct, said.toString());
  }

  private static ProxyUrl fromVariable(Map<String, String> environment, String... names) {
    for (String name : names) {
      String value = environment.get(name);
      if (value == null || value.isBlank()) continue;
      try {
        return ProxyUrl.parse(value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the environment's " + name + ": " + e.getMessage());
      }
    }
    return null;
  }

  private static Optional<String> variable(Map<String, String> environment, String... names) {
    for (String name : names) {
      String value = environment.get(name);
      if (value != null && !value.isBlank()) return Optional.of(value);
    }
    return Optional.empty();
  }

  /** The route of a URL of {@code scheme} to {@code host}. */
  public Route routeFor(String scheme, String host) {
    String lower = scheme.toLowerCase(Locale.ROOT);
    ProxyUrl proxy = lower.equals("https") ? https : lower.equals("http") ? http : null;
    if (proxy == null) proxy = all;
    if (proxy == null || noProxy.matches(host)) return Route.DIRECT;
    return Route.via(proxy, lower);
  }

  /** No URL can take a proxy. */
  public boolean isNone() {
    return http == null && https == null && all == null;
  }

  /** The proxies in one line, passwords as ***: "none", or e.g. "https: http://proxy:3128". */
  @Override
  public String toString() {
    return summary;
  }
}
