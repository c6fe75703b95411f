package dev.fetchpipe.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * How a daemon takes part in a cluster of daemons (daemon.cluster): whether it does, the address other nodes reach it
 * at, and the nodes it joins through. Read once from the daemon's config; {@link #pekkoConfig} is what Pekko needs.
 *
 * @param enabled   on: the daemon is a node of a Pekko Cluster and every job it is given is spread over every node
 * @param host      Artery's canonical hostname: the address other nodes reach this one at
 * @param port      Artery's TCP port; 0 picks a free one (for a node no other names as a seed)
 * @param seedNodes "host:port" of the nodes to join through; empty: this node forms a cluster of its own
 * @param keys      the node's keys, with which the nodes authenticate each other; null when not {@code enabled}
 */
public record ClusterSettings(boolean enabled, String host, int port, List<String> seedNodes, ClusterKeys keys) {

  private static final String KEY = "fetchpipe.daemon.cluster.";
  /** Every daemon's actor system has this name: nodes of one cluster must share it. */
  public static final String SYSTEM_NAME = "fetchpipe-daemon";

  public ClusterSettings {
    seedNodes = List.copyOf(seedNodes);
  }

  static ClusterSettings from(ConfigReader read) {
    boolean enabled = read.bool(KEY + "enabled");
    String host = read.string(KEY + "host").trim();
    if (host.isEmpty() || host.contains(" ")) throw new SettingsException(KEY + "host", "expected a host name or address, got \"" + host + "\"");
    int port = read.intBetween(KEY + "port", 0, 65_535);
    List<String> seeds = new ArrayList<>();
    for (String seed : read.strings(KEY + "seed-nodes")) seeds.add(checkedSeed(seed.trim()));
    return new ClusterSettings(enabled, host, port, seeds, enabled ? keys(read) : null);
  }

  /** A node is one only with the cluster's keys: without, it could neither prove it is one nor tell who is. */
  private static ClusterKeys keys(ConfigReader read) {
    String dir = read.string(KEY + "keys").trim();
    if (dir.isEmpty()) {
      throw new SettingsException(KEY + "keys", "a node of a cluster needs the cluster's keys: make them once with "
          + "`fetchpipe cluster-keys DIR`, give each machine a copy of DIR/node, and start the daemon with "
          + "--cluster-keys DIR/node (docs/cluster.md)");
    }
    try {
      return ClusterKeys.read(java.nio.file.Path.of(dir).toAbsolutePath().normalize());
    } catch (java.nio.file.InvalidPathException e) {
      throw new SettingsException(KEY + "keys", "not a usable path: " + dir);
    }
  }

  /** A seed is "host:port", as another node's daemon.cluster.host and .port. */
  private static String checkedSeed(String seed) {
    int colon = seed.lastIndexOf(':');
    String port = colon < 0 ? "" : seed.substring(colon + 1);
    if (colon <= 0 || !port.matches("[0-9]{1,5}") || Integer.parseInt(port) == 0 || Integer.parseInt(port) > 65_535) {
      throw new SettingsException(KEY + "seed-nodes", "expected \"host:port\" (another node's daemon.cluster.host and port), got \"" + seed + "\"");
    }
    return seed;
  }

  /** This node as the cluster names it in reports, status and metrics: "host:port". */
  public String node(int boundPort) {
    return host + ":" + boundPort;
  }

  /**
   * Pekko's settings for a node: the cluster provider, Artery's address and TLS with the node's keys (over anything a
   * config file says of Artery's transport), and the seed nodes (this node alone when none is given, so a single
   * daemon forms its own cluster and others can join it).
   */
  public Config pekkoConfig() {
    List<String> seeds = new ArrayList<>();
    for (String seed : seedNodes.isEmpty() ? List.of(host + ":" + port) : seedNodes) {
      seeds.add("\"pekko://" + SYSTEM_NAME + "@" + seed + "\"");
    }
    return ConfigFactory.parseString(String.join("\n",
        "pekko.actor.provider = cluster",
        "pekko.remote.artery.canonical.hostname = \"" + host + "\"",
        "pekko.remote.artery.canonical.port = " + port,
        "pekko.cluster.seed-nodes = [" + String.join(", ", seeds) + "]"))
        .withFallback(keys == null ? ConfigFactory.empty() : keys.pekkoConfig());
  }
}
