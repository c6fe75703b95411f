package dev.fetchpipe.cli;

import static dev.fetchpipe.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.ClusterKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.ActorIdentity;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.Identify;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.pattern.Patterns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster of daemons can be joined, or even spoken to, only with its keys: against a real daemon node started with
 * keys made by `fetchpipe cluster-keys`, a Pekko node in this JVM without TLS, one with another cluster's keys, and a
 * whole daemon with another cluster's keys are never members and get no answer to any message, while a node with this
 * cluster's keys does. A node started without its keys, or with keys others could read, is a usage error of one line.
 */
class ClusterKeysIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final Pattern ADDRESS = Pattern.compile("fetchpipe daemon at (http://[^/]+/)\\?token=(\\S+)");
  private static final String SYSTEM = "fetchpipe-daemon";
  /** How long a rogue is given to get in: many times what a node with the keys takes. */
  private static final Duration ROGUE_TRIES = Duration.ofSeconds(12);

  private record Node(Launcher process, String url, String token) {}

  @Test
  void onlyANodeWithTheClustersKeysCanJoinOrSendAMessage(@TempDir Path dir) throws Exception {
    Path keysA = makeKeys(dir, "cluster-a");
    Path keysB = makeKeys(dir, "cluster-b");
    int[] ports = ClusterIT.freePorts(2);
    Node node = startNode(dir, "s1", ports[0], keysA, ports[0]);
    Node rogueDaemon = startNode(dir, "s2", ports[1], keysB, ports[0]);
    List<ActorSystem> systems = new ArrayList<>();
    try (Launcher nodeProcess = node.process(); Launcher rogueProcess = rogueDaemon.process()) {
      awaitUp(node, 1);
      Address target = new Address("pekko", SYSTEM, "127.0.0.1", ports[0]);
      ActorSystem plain = system("rogue-plain", "tcp", null, true);
      ActorSystem otherKeys = system("rogue-other", "tls-tcp", keysB, true);
      ActorSystem member = system("control", "tls-tcp", keysA, false);
      systems.addAll(List.of(plain, otherKeys, member));
      Cluster.get(plain).join(target);
      Cluster.get(otherKeys).join(target);

      // Asked at once, all three; the rogues are given many times what the member needs.
      CompletableFuture<Object> toPlain = identify(plain, ports[0]);
      CompletableFuture<Object> toOther = identify(otherKeys, ports[0]);
      CompletableFuture<Object> toMember = identify(member, ports[0]);
      Object answer = toMember.get(ROGUE_TRIES.toSeconds(), TimeUnit.SECONDS);
      assertTrue(answer instanceof ActorIdentity identity && identity.getActorRef().isPresent(),
          "a node with the cluster's keys is answered: " + answer);
      for (CompletableFuture<Object> rogue : List.of(toPlain, toOther)) {
        Object got = rogue.handle((value, failure) -> failure == null ? value : "no answer")
            .get(ROGUE_TRIES.toSeconds() + 5, TimeUnit.SECONDS);
        // No answer, or its own dead letters' (the message never left it): the daemon's guardian, which answered the
        // member, never heard it.
        boolean reached = got instanceof ActorIdentity identity && identity.getActorRef().isPresent();
        assertFalse(reached, "a node without the cluster's keys reached the daemon: " + got);
      }

      Thread.sleep(2000); // the rogue daemon has tried to join for as long as the rest took, and more
      JsonNode members = get(node, "/api/cluster").get("members");
      assertEquals(1, members.size(), "only the node itself is a member: " + members);
      assertFalse(Cluster.get(plain).selfMember().status() == MemberStatus.up(), "the plain node never joined");
      assertFalse(Cluster.get(otherKeys).selfMember().status() == MemberStatus.up(), "the node with other keys never joined");
      JsonNode rogueMembers = get(rogueDaemon, "/api/cluster").get("members");
      assertFalse(rogueMembers.toString().contains(":" + ports[0]), "the rogue daemon sees no member: " + rogueMembers);
      assertTrue(rogueProcess.stderr().contains("SSLHandshakeException"), rogueProcess.stderr());
      assertEquals(0, get(node, "/api/jobs").get("jobs").size(), "nothing reached the node's jobs");
      for (Launcher process : List.of(nodeProcess, rogueProcess)) {
        process.signalGroup("TERM");
        assertEquals(0, process.awaitExit(Duration.ofSeconds(60)), process.stderr());
      }
    } finally {
      for (ActorSystem system : systems) {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aNodeWithoutItsKeysOrWithKeysOthersCanReadIsOneLine(@TempDir Path dir) throws Exception {
    Path keys = makeKeys(dir, "keys");
    String port = String.valueOf(ClusterIT.freePorts(1)[0]);
    try (Launcher none = Launcher.start(dir, "daemon", "--port", "0", "--state-dir", "s1", "--cluster", "--cluster-port", port)) {
      assertEquals(2, none.awaitExit(Duration.ofSeconds(60)), none.stdout());
      assertTrue(none.stderr().startsWith("fetchpipe: fetchpipe.daemon.cluster.keys: a node of a cluster needs the "
          + "cluster's keys"), none.stderr());
      assertEquals(1, none.stderr().strip().lines().count(), none.stderr());
    }
    Files.setPosixFilePermissions(keys.resolve(ClusterKeys.NODE_STORE), PosixFilePermissions.fromString("rw-r--r--"));
    try (Launcher loose = Launcher.start(dir, "daemon", "--port", "0", "--state-dir", "s2", "--cluster", "--cluster-port", port,
        "--cluster-keys", keys.toString())) {
      assertEquals(2, loose.awaitExit(Duration.ofSeconds(60)), loose.stdout());
      assertTrue(loose.stderr().contains("chmod 600"), loose.stderr());
      assertEquals(1, loose.stderr().strip().lines().count(), loose.stderr());
    }
  }

  /** `fetchpipe cluster-keys DIR/NAME`: the node folder it made. */
  private static Path makeKeys(Path dir, String name) throws Exception {
    try (Launcher made = Launcher.start(dir, "cluster-keys", dir.resolve(name).toString())) {
      assertEquals(0, made.awaitExit(Duration.ofSeconds(120)), made.stdout() + made.stderr());
      assertTrue(made.stdout().contains("--cluster-keys " + dir.resolve(name).resolve("node")), made.stdout());
    }
    return dir.resolve(name).resolve("node");
  }

  /** A Pekko node in this JVM, named as the daemons' systems are; a cluster node when {@code joins}. */
  private static ActorSystem system(String name, String transport, Path keys, boolean joins) {
    Config own = ConfigFactory.parseString(String.join("\n",
        "pekko.actor.provider = " + (joins ? "cluster" : "remote"),
        "pekko.remote.artery.transport = " + transport,
        "pekko.remote.artery.canonical.hostname = \"127.0.0.1\"",
        "pekko.remote.artery.canonical.port = 0",
        "pekko.cluster.jmx.enabled = off",
        "pekko.loglevel = ERROR",
        "pekko.stdout-loglevel = OFF"));
    if (keys != null) own = own.withFallback(ClusterKeys.read(keys).pekkoConfig());
    return ActorSystem.create(SYSTEM, own.withFallback(ConfigFactory.load()));
  }

  /** Asks the daemon node's user guardian who it is: the one message any node of a cluster would answer. */
  private static CompletableFuture<Object> identify(ActorSystem from, int port) {
    return Patterns.ask(from.actorSelection("pekko://" + SYSTEM + "@127.0.0.1:" + port + "/user"), new Identify(1),
        ROGUE_TRIES).toCompletableFuture();
  }

  private static Node startNode(Path dir, String stateDir, int clusterPort, Path keys, int seed) throws Exception {
    Launcher process = Launcher.start(dir, "daemon", "--port", "0", "--state-dir", stateDir, "--cluster",
        "--cluster-port", String.valueOf(clusterPort), "--cluster-keys", keys.toString(), "--seed", "127.0.0.1:" + seed);
    process.awaitOutput("fetchpipe daemon at ", Duration.ofSeconds(60));
    Matcher address = ADDRESS.matcher(process.stdout());
    assertTrue(address.find(), process.stdout());
    return new Node(process, address.group(1), address.group(2));
  }

  private static void awaitUp(Node node, int count) throws Exception {
    eventually(Duration.ofSeconds(60), count + " members up", () -> get(node, "/api/cluster"),
        cluster -> upMembers(cluster) >= count);
  }

  private static JsonNode get(Node node, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(node.url()).resolve(path))
        .header("Authorization", "Bearer " + node.token()).build();
    return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
  }

  private static long upMembers(JsonNode cluster) {
    long up = 0;
    for (JsonNode member : cluster.path("members")) if (member.path("status").asText().equals("Up")) up++;
    return up;
  }
}
