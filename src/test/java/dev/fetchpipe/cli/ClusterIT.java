package dev.fetchpipe.cli;

import static dev.fetchpipe.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.journal.Journal;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.origin.RunningOrigin;
import dev.fetchpipe.testing.OutputFiles;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * `fetchpipe daemon --cluster` as real processes on loopback sharing one job, against one origin in this JVM that
 * counts the requests for each URL: a node killed with -9, a node joining mid-job, a node leaving with SIGTERM, and
 * the coordinating node killed and started again. Every job ends with every file byte-exact and one final state per URL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final Pattern ADDRESS = Pattern.compile("fetchpipe daemon at (http://[^/]+/)\\?token=(\\S+)");
  private static final int URLS = 3000;
  /** Fetch slots on each node: with the origin's delay, three nodes take about 10 s for the whole job. */
  private static final int SLOTS = 6;

  private RunningOrigin origin;
  private final Map<String, byte[]> served = new HashMap<>();
  /** The node folder every node of these clusters starts with, made by `fetchpipe cluster-keys`. */
  private static Path keys;

  @BeforeAll
  void startOrigin(@TempDir Path keysDir) throws Exception {
    try (Launcher made = Launcher.start(keysDir, "cluster-keys", keysDir.resolve("keys").toString())) {
      assertEquals(0, made.awaitExit(Duration.ofSeconds(120)), made.stdout() + made.stderr());
    }
    keys = keysDir.resolve("keys/node");
    origin = OriginServer.start(ConfigFactory.load(),
        new OriginSettings("127.0.0.1", 0, Duration.ofMillis(40), Duration.ZERO, 0.0));
    // Every body once, from an origin without delay serving the same bytes, to compare the files with.
    try (RunningOrigin quick = OriginServer.start(ConfigFactory.load(),
        new OriginSettings("127.0.0.1", 0, Duration.ZERO, Duration.ZERO, 0.0))) {
      List<CompletableFuture<Void>> all = new ArrayList<>();
      for (int i = 0; i < URLS; i++) {
        String name = name(i);
        all.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(quick.url("/bytes/" + name))).build(),
            HttpResponse.BodyHandlers.ofByteArray()).thenAccept(response -> {
              synchronized (served) {
                served.put(name, response.body());
              }
            }));
        if (all.size() == 100) {
          CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
          all.clear();
        }
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    }
  }

  @AfterAll
  void stopOrigin() {
    origin.close();
  }

  /** The file of URL i: /bytes/N serves N deterministic bytes, so every URL is its own size and name. */
  private static String name(int i) {
    return String.valueOf(1000 + i);
  }

  private List<String> urls(int count) {
    return IntStream.range(0, count).mapToObj(i -> origin.url("/bytes/" + name(i))).toList();
  }

  // --- tests -------------------------------------------------------------------------------------------------------

  @Test
  void threeNodesShareAJobAndOneKilledWithSigkillMidwayLosesNothing(@TempDir Path dir) throws Exception {
    origin.resetCounters();
    int[] ports = freePorts(3);
    List<Node> nodes = new ArrayList<>();
    try {
      nodes.addAll(startNodes(dir, ports, ports[0]));
      for (Node node : nodes) awaitMembers(node, 3);
      Path out = dir.resolve("out");
      Node coordinator = nodes.get(0);
      String id = submit(coordinator, out, URLS);
      awaitStatus(coordinator, id, status -> status.path("nodes").size() == 3);

      // A resize reaches every node: none has more than 4 URLs in flight once it has taken effect.
      assertEquals(200, call(coordinator, "PATCH", "/api/jobs/" + id, "{\"maxInFlight\": 4}").statusCode());
      Thread.sleep(1000);
      for (int sample = 0; sample < 5; sample++) {
        JsonNode status = JSON.readTree(call(coordinator, "GET", "/api/jobs/" + id, null).body());
        for (JsonNode share : status.get("nodes")) {
          assertTrue(share.get("inFlight").asInt() <= 4 && share.get("slots").asInt() == 4, "after the resize: " + status.get("nodes"));
        }
        Thread.sleep(100);
      }

      JsonNode before = awaitStatus(coordinator, id, status -> status.path("ok").asInt() >= URLS * 2 / 5);
      int doneBefore = before.path("ok").asInt();
      Node killed = nodes.get(2);
      killed.process().signalGroup("KILL");
      killed.process().awaitExit(Duration.ofSeconds(10));
      for (JsonNode share : before.get("nodes")) {
        assertTrue(share.get("done").asInt() >= doneBefore / 5, "each node takes its part of the work: " + before.get("nodes"));
      }

      JsonNode done = awaitStatus(coordinator, id, status -> status.path("state").asText().equals("DONE"));
      assertEquals(0, done.get("exitCode").asInt(), done.toString());
      assertEquals(URLS, done.get("ok").asInt(), done.toString());
      assertEveryFileWholeAndJournaledOnce(out, URLS);
      JsonNode report = report(coordinator, id);
      assertOneFinalStatePerUrl(report);
      Set<String> nodesInReport = new HashSet<>();
      report.get("items").forEach(item -> nodesInReport.add(item.get("node").asText()));
      assertEquals(3, nodesInReport.size(), "the report names the node of each URL: " + nodesInReport);
      String metrics = call(coordinator, "GET", "/metrics", null).body();
      String timeline = call(coordinator, "GET", "/api/jobs/" + id + "/timeline", null).body();
      for (String node : nodesInReport) {
        assertTrue(metrics.contains("fetchpipe_node_urls_total{job_id=\"" + id + "\",node=\"" + node + "\",outcome=\"ok\"}"),
            "GET /metrics counts each node's URLs: " + node);
        assertTrue(timeline.contains(node + " writer "), "the timeline has lanes for each node's writer threads: " + node);
      }
      // Only what was on the dead node unreported may have been fetched twice: a URL in flight in each of its 4 slots,
      // and each slot's last body still being written (a fetcher takes its next URL while the writer saves the last).
      long twice = origin.requestCounts().values().stream().filter(count -> count > 1).count();
      assertTrue(twice <= 2 * 4, twice + " URLs were fetched more than once");
    } finally {
      stopAll(nodes);
    }
  }

  /**
   * A URL file whose lines name files in subfolders and give checksums, every tenth one wrong: whichever node fetches a
   * URL checks its checksum and writes it in its folder, the coordinator journals it, and a wrong one leaves nothing.
   */
  @Test
  void namesInSubfoldersAndChecksumsHoldWhicheverNodeFetchesTheUrl(@TempDir Path dir) throws Exception {
    int count = 300;
    int[] ports = freePorts(2);
    List<Node> nodes = new ArrayList<>();
    try {
      nodes.addAll(startNodes(dir, ports, ports[0]));
      for (Node node : nodes) awaitMembers(node, 2);
      Path out = dir.resolve("out");
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String sum = i % 10 == 0 ? "0".repeat(64) : sha256(served.get(name(i)));
        lines.add(origin.url("/bytes/" + name(i)) + "\tout=part" + (i % 3) + "/" + name(i) + ".bin sha256=" + sum);
      }
      Path list = Files.writeString(dir.resolve("named.txt"), String.join("\n", lines) + "\n");
      HttpResponse<String> created = call(nodes.get(0), "POST", "/api/jobs",
          "{\"job\": {\"url-file\": \"" + list + "\", \"output-dir\": \"" + out + "\"}}");
      assertEquals(201, created.statusCode(), created.body());
      String id = JSON.readTree(created.body()).get("id").asText();

      JsonNode done = awaitStatus(nodes.get(0), id, status -> status.path("state").asText().equals("DONE"));
      assertEquals(count / 10, done.get("errors").asInt(), done.toString());
      for (JsonNode share : done.get("nodes")) assertTrue(share.get("done").asInt() > 0, "both nodes fetched: " + done);
      JsonNode report = report(nodes.get(0), id);
      Set<String> journaled = savedInJournal(out);
      for (JsonNode item : report.get("items")) {
        int i = item.get("index").asInt();
        String file = "part" + (i % 3) + "/" + name(i) + ".bin";
        if (i % 10 == 0) {
          assertEquals("ERROR", item.get("outcome").asText());
          assertEquals("checksum mismatch (expected " + "0".repeat(64) + ", got " + sha256(served.get(name(i))) + ")",
              item.get("error").asText());
          assertTrue(Files.notExists(out.resolve(file)), file);
        } else {
          assertEquals("OK", item.get("outcome").asText(), item.toString());
          assertArrayEquals(served.get(name(i)), Files.readAllBytes(out.resolve(file)), file);
          assertTrue(journaled.contains(file), file + " journaled by its path");
        }
      }
      assertEquals(List.of(), OutputFiles.temporary(out));
      assertEquals(List.of("part0", "part1", "part2"), OutputFiles.downloaded(out));
    } finally {
      stopAll(nodes);
    }
  }

  /**
   * A cluster job's files are journaled by its coordinator with the validator (ETag) each node's response had, so a
   * rerun with job.refresh = if-changed asks about every file, whichever node fetched it, and each is UNCHANGED.
   */
  @Test
  void aRerunWithRefreshIfChangedAsksAboutEveryFileANodeSavedAndEachIsUnchanged(@TempDir Path dir) throws Exception {
    int count = 200;
    int[] ports = freePorts(2);
    List<Node> nodes = new ArrayList<>();
    try {
      nodes.addAll(startNodes(dir, ports, ports[0]));
      for (Node node : nodes) awaitMembers(node, 2);
      Path out = dir.resolve("out");
      String first = submit(nodes.get(0), out, count);
      JsonNode done = awaitStatus(nodes.get(0), first, status -> status.path("state").asText().equals("DONE"));
      assertEquals(count, done.get("ok").asInt(), done.toString());
      for (JsonNode share : done.get("nodes")) assertTrue(share.get("done").asInt() > 0, "both nodes fetched: " + done);
      Set<String> validators = new HashSet<>();
      for (String line : Files.readAllLines(out.resolve(Journal.FILE_NAME))) {
        JsonNode entry = JSON.readTree(line);
        if (entry.path("outcome").asText().equals("OK")) {
          assertEquals("\"bytes-" + entry.get("file").asText() + "\"", entry.path("validator").asText(), line);
          validators.add(entry.get("file").asText());
        }
      }
      assertEquals(count, validators.size(), "every file journaled with its ETag");

      origin.resetCounters();
      Path list = out.resolveSibling("urls-" + out.getFileName() + ".txt"); // the first run's
      HttpResponse<String> created = call(nodes.get(0), "POST", "/api/jobs", "{\"job\": {\"url-file\": \"" + list
          + "\", \"output-dir\": \"" + out + "\", \"refresh\": \"if-changed\"}, \"fetch\": {\"max-in-flight\": " + SLOTS + "}}");
      assertEquals(201, created.statusCode(), created.body());
      String again = JSON.readTree(created.body()).get("id").asText();
      JsonNode redone = awaitStatus(nodes.get(0), again, status -> status.path("state").asText().equals("DONE"));
      assertEquals(0, redone.get("exitCode").asInt(), redone.toString());
      for (JsonNode share : redone.get("nodes")) assertTrue(share.get("done").asInt() > 0, "both nodes asked: " + redone);
      JsonNode report = report(nodes.get(0), again);
      assertEquals(count, report.get("items").size());
      for (JsonNode item : report.get("items")) {
        assertEquals("UNCHANGED", item.get("outcome").asText(), item.toString());
        assertEquals(304, item.get("status").asInt(), item.toString());
      }
      assertEquals(count, origin.requestCounts().size(), "each URL asked about: " + origin.requestCounts());
      origin.requestCounts().values().forEach(asked -> assertEquals(1L, asked, "once: " + origin.requestCounts()));
      for (int i = 0; i < count; i++) {
        assertArrayEquals(served.get(name(i)), Files.readAllBytes(out.resolve(name(i))), name(i) + " kept whole");
      }
      assertEquals(List.of(), OutputFiles.temporary(out));
    } finally {
      stopAll(nodes);
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void aNodeJoiningMidJobTakesUrlsAndOneLeavingWithSigtermFetchesNothingTwice(@TempDir Path dir) throws Exception {
    origin.resetCounters();
    int[] ports = freePorts(3);
    List<Node> nodes = new ArrayList<>();
    try {
      nodes.addAll(startNodes(dir, new int[] {ports[0], ports[1]}, ports[0]));
      awaitMembers(nodes.get(0), 2);
      Path out = dir.resolve("out");
      Node coordinator = nodes.get(0);
      // Paced (per node) so the job outlasts a third node's start on a loaded machine: at full speed it could end
      // before the joiner had done its share, and the leave and cancel below need it still running.
      String id = submit(coordinator, out, URLS, SLOTS, ", \"per-host-rate\": 25");
      awaitStatus(coordinator, id, status -> status.path("ok").asInt() >= 300);

      nodes.add(startNode(dir, "s2", ports[2], ports[0]));
      String joiner = "127.0.0.1:" + ports[2];
      awaitStatus(coordinator, id, status -> doneBy(status, joiner) >= 100);

      Node leaving = nodes.get(1);
      Map<Node, Integer> logged = new HashMap<>();
      for (Node node : nodes) logged.put(node, node.process().stderr().length());
      leaving.process().signalGroup("TERM");
      assertEquals(0, leaving.process().awaitExit(Duration.ofSeconds(60)), leaving.process().stderr());
      long left = System.nanoTime();

      // Cancelled as from the API: what had not started is SKIPPED, what was in flight on either node finishes.
      assertEquals(202, call(coordinator, "POST", "/api/jobs/" + id + "/cancel", "{\"reason\": \"enough\"}").statusCode());
      JsonNode done = awaitStatus(coordinator, id, status -> status.path("state").asText().equals("CANCELLED"));

      // A clean leave is quiet: the node leaves the cluster (it is not found unreachable and downed), and no
      // connection of its is cut off mid-stream. The others' failure detector is given time to say otherwise.
      Thread.sleep(Math.max(0, Duration.ofSeconds(6).toMillis() - (System.nanoTime() - left) / 1_000_000));
      for (Node node : nodes) {
        String since = node.process().stderr().substring(logged.get(node));
        assertTrue(since.lines().noneMatch(line -> line.contains(" WARN ") || line.contains(" ERROR ")),
            (node == leaving ? "the node that left" : "a node that stayed") + " logged: " + since);
      }
      int ok = done.get("ok").asInt();
      assertTrue(done.get("skipped").asInt() > 0, done.toString());
      assertEquals(URLS, ok + done.get("skipped").asInt() + done.get("cancelled").asInt(), done.toString());
      assertEveryFileWholeAndJournaledOnce(out, ok);
      assertOneFinalStatePerUrl(report(coordinator, id));
      Map<String, Long> twice = origin.requestCounts().entrySet().stream().filter(e -> e.getValue() > 1)
          .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
      assertEquals(Map.of(), twice, "a node that leaves gracefully hands back what it had not started");
    } finally {
      stopAll(nodes);
    }
  }

  @Test
  void maxInFlightIsEachNodesAndMaxPerHostTheWholeClustersAsTheHeaderAndTheStatusSay(@TempDir Path dir) throws Exception {
    int[] ports = freePorts(2);
    List<Node> nodes = new ArrayList<>();
    try {
      nodes.addAll(startNodes(dir, ports, ports[0]));
      for (Node node : nodes) awaitMembers(node, 2);
      Node coordinator = nodes.get(0);
      int urls = 600;
      Path list = Files.writeString(dir.resolve("urls.txt"), String.join("\n", urls(urls)) + "\n");

      // max-per-host off: every node's SLOTS, so a host gets twice SLOTS at once, and the header and status say so.
      origin.resetCounters();
      Launcher.Finished waited = Launcher.runToEnd(Launcher.PROJECT.resolve("scripts/fetchpipe"), dir, Map.of(),
          Duration.ofMinutes(2), "submit", "--wait", "--daemon", coordinator.url() + "?token=" + coordinator.token(),
          "--urls", list.toString(), "--out", dir.resolve("off").toString(), "-m", String.valueOf(SLOTS));
      assertEquals(0, waited.exitCode(), waited.stdout() + waited.stderr());
      assertTrue(waited.stdout().contains(SLOTS + " concurrent connections will be used on each node of the cluster.\n"),
          waited.stdout());
      JsonNode off = lastJob(coordinator);
      assertEquals(2, off.get("nodes").size(), off.toString());
      assertEquals(SLOTS, off.at("/limits/maxInFlight").asInt(), "each node's: " + off);
      assertEquals(2 * SLOTS, off.at("/limits/maxPerHost").asInt(), "what one host can get: " + off);
      long peak = origin.peakInFlight("/bytes");
      assertTrue(peak > SLOTS && peak <= 2 * SLOTS, "the origin saw " + peak + " at once");

      // Given, it holds across the cluster, even above one node's max-in-flight.
      origin.resetCounters();
      String id = submit(coordinator, dir.resolve("given"), urls, SLOTS, ", \"max-per-host\": " + (SLOTS + 2));
      JsonNode given = awaitStatus(coordinator, id, status -> status.path("state").asText().equals("DONE"));
      assertEquals(SLOTS + 2, given.at("/limits/maxPerHost").asInt(), given.toString());
      assertTrue(origin.peakInFlight("/bytes") <= SLOTS + 2, "the origin saw " + origin.peakInFlight("/bytes") + " at once");
      assertTrue(origin.peakInFlight("/bytes") > SLOTS, "both nodes fetched: " + origin.peakInFlight("/bytes"));
    } finally {
      stopAll(nodes);
    }
  }

  @Test
  void theCoordinatorKilledWithSigkillCarriesTheJobOnAtItsRestartAndTheOtherNodesJoinIn(@TempDir Path dir) throws Exception {
    origin.resetCounters();
    int[] ports = freePorts(3);
    int[] seeds = {ports[0], ports[1]};
    List<Node> nodes = new ArrayList<>();
    try {
      // Two seeds, so the coordinator, started again, joins the nodes still up instead of forming a cluster alone;
      // three nodes, so the two left are the majority that stays up when it dies.
      nodes.addAll(startNodes(dir, ports, seeds));
      awaitMembers(nodes.get(0), 3);
      Path out = dir.resolve("out");
      // Long enough after the restart (4 at once a node) for the other nodes to be known to the restarted one and join in.
      int urls = URLS;
      String id = submit(nodes.get(0), out, urls, 4);
      awaitStatus(nodes.get(0), id, status -> status.path("ok").asInt() >= urls / 6);
      nodes.get(0).process().signalGroup("KILL");
      nodes.get(0).process().awaitExit(Duration.ofSeconds(10));
      Set<String> journaled = savedInJournal(out);

      Node restarted = startNode(dir, "s0", ports[0], seeds);
      nodes.set(0, restarted);
      JsonNode done = awaitStatus(restarted, id, status -> status.path("state").asText().equals("DONE"));
      assertEquals(0, done.get("exitCode").asInt(), done.toString());
      assertEquals(urls, done.get("ok").asInt() + done.get("kept").asInt(), done.toString());
      assertTrue(done.get("kept").asInt() >= journaled.size(), done.toString());
      for (int port : new int[] {ports[1], ports[2]}) {
        assertTrue(doneBy(done, "127.0.0.1:" + port) > 0, "the other nodes fetch for the job again: " + done.get("nodes"));
      }
      assertEveryFileWholeAndJournaledOnce(out, urls);
      for (String name : journaled) {
        assertEquals(1, origin.requestCount("/bytes/" + name), name + " was journaled before the kill: never fetched again");
      }
    } finally {
      stopAll(nodes);
    }
  }

  // --- nodes -------------------------------------------------------------------------------------------------------

  /** A daemon process, node of a cluster on 127.0.0.1, and the API address it printed. */
  private record Node(Launcher process, String url, String token) {}

  /** Nodes on these cluster ports, state dirs s0, s1, ..., started at once (each JVM takes seconds to start). */
  private static List<Node> startNodes(Path dir, int[] clusterPorts, int... seeds) throws Exception {
    List<Launcher> started = new ArrayList<>();
    for (int n = 0; n < clusterPorts.length; n++) started.add(launch(dir, "s" + n, clusterPorts[n], seeds));
    List<Node> nodes = new ArrayList<>();
    for (Launcher process : started) nodes.add(awaitAddress(process));
    return nodes;
  }

  private static Node startNode(Path dir, String stateDir, int clusterPort, int... seeds) throws Exception {
    return awaitAddress(launch(dir, stateDir, clusterPort, seeds));
  }

  private static Launcher launch(Path dir, String stateDir, int clusterPort, int... seeds) throws Exception {
    List<String> args = new ArrayList<>(List.of("daemon", "--port", "0", "--state-dir", stateDir, "--cluster",
        "--cluster-port", String.valueOf(clusterPort), "--cluster-keys", keys.toString(),
        // Down a node that stopped answering after 2 s of stable membership rather than 7: the test waits less.
        "--set", "pekko.cluster.split-brain-resolver.stable-after=2s",
        "--set", "fetch.max-in-flight=" + SLOTS));
    for (int seed : seeds) args.addAll(List.of("--seed", "127.0.0.1:" + seed));
    return Launcher.start(dir, args.toArray(String[]::new));
  }

  private static Node awaitAddress(Launcher process) throws Exception {
    process.awaitOutput("fetchpipe daemon at ", Duration.ofSeconds(60));
    Matcher address = ADDRESS.matcher(process.stdout());
    assertTrue(address.find(), process.stdout());
    return new Node(process, address.group(1), address.group(2));
  }

  private static void awaitMembers(Node node, int count) throws Exception {
    eventually(Duration.ofSeconds(60), "a cluster of " + count + " members up",
        () -> JSON.readTree(call(node, "GET", "/api/cluster", null).body()), cluster -> {
          long up = 0;
          for (JsonNode member : cluster.path("members")) if (member.get("status").asText().equals("Up")) up++;
          return up >= count;
        });
  }

  private static void stopAll(List<Node> nodes) throws Exception {
    for (Node node : nodes) {
      if (node.process().isAlive()) node.process().signalGroup("KILL");
      node.process().close();
    }
  }

  static int[] freePorts(int count) throws IOException {
    int[] ports = new int[count];
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0);
        held.add(socket);
        ports[i] = socket.getLocalPort();
      }
    } finally {
      for (ServerSocket socket : held) socket.close();
    }
    return ports;
  }

  // --- the API -------------------------------------------------------------------------------------------------------

  private static HttpResponse<String> call(Node node, String method, String path, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(node.url()).resolve(path))
        .header("Authorization", "Bearer " + node.token())
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private String submit(Node node, Path out, int urls) throws Exception {
    return submit(node, out, urls, SLOTS);
  }

  private String submit(Node node, Path out, int urls, int maxInFlight) throws Exception {
    return submit(node, out, urls, maxInFlight, "");
  }

  /** @param more more keys of the job's fetch section, each after a comma */
  private String submit(Node node, Path out, int urls, int maxInFlight, String more) throws Exception {
    Path list = Files.writeString(out.resolveSibling("urls-" + out.getFileName() + ".txt"), String.join("\n", urls(urls)) + "\n");
    HttpResponse<String> created = call(node, "POST", "/api/jobs",
        "{\"job\": {\"url-file\": \"" + list + "\", \"output-dir\": \"" + out + "\"}, \"fetch\": {\"max-in-flight\": " + maxInFlight
            + more + "}}");
    assertEquals(201, created.statusCode(), created.body());
    return JSON.readTree(created.body()).get("id").asText();
  }

  private static JsonNode awaitStatus(Node node, String id, Predicate<JsonNode> condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (true) {
      JsonNode status = JSON.readTree(call(node, "GET", "/api/jobs/" + id, null).body());
      if (condition.test(status)) return status;
      if (System.nanoTime() > deadline) throw new AssertionError("not in time: " + status + "\n" + node.process().stderr());
      Thread.sleep(100);
    }
  }

  /** The newest job's status, as GET /api/jobs lists it. */
  private static JsonNode lastJob(Node node) throws Exception {
    return JSON.readTree(call(node, "GET", "/api/jobs", null).body()).get("jobs").get(0);
  }

  private static int doneBy(JsonNode status, String node) {
    for (JsonNode share : status.path("nodes")) if (share.get("node").asText().equals(node)) return share.get("done").asInt();
    return 0;
  }

  private static JsonNode report(Node node, String id) throws Exception {
    return JSON.readTree(call(node, "GET", "/api/jobs/" + id + "/report", null).body());
  }

  // --- what must hold at the end ---------------------------------------------------------------------------------------

  private void assertEveryFileWholeAndJournaledOnce(Path out, int urls) throws Exception {
    assertEquals(urls, OutputFiles.downloaded(out).size());
    for (String name : OutputFiles.downloaded(out)) {
      assertArrayEquals(served.get(name), Files.readAllBytes(out.resolve(name)), name + " must be whole");
    }
    assertEquals(List.of(), OutputFiles.temporary(out));
    List<String> saved = new ArrayList<>();
    for (String line : Files.readAllLines(out.resolve(Journal.FILE_NAME))) {
      if (line.contains("\"outcome\":\"OK\"")) saved.add(JSON.readTree(line).get("file").asText());
    }
    assertEquals(new HashSet<>(saved).size(), saved.size(), "each file is journaled once");
  }

  private static void assertOneFinalStatePerUrl(JsonNode report) {
    Set<Integer> indexes = new HashSet<>();
    report.get("items").forEach(item -> assertTrue(indexes.add(item.get("index").asInt()), "twice: " + item));
    assertEquals(URLS, indexes.size());
  }

  private static Set<String> savedInJournal(Path out) throws Exception {
    Set<String> files = new HashSet<>();
    for (String line : Files.readAllLines(out.resolve(Journal.FILE_NAME))) {
      if (line.contains("\"outcome\":\"OK\"")) files.add(JSON.readTree(line).get("file").asText());
    }
    return files;
  }
}
