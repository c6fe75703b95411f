package dev.fetchpipe.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import dev.fetchpipe.config.ConfigLayers;
import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.config.UrlSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobRequestsTest {
  private static final Path DAEMON_DIR = Path.of("/srv/daemon");
  /** A daemon whose own config names a flags job (as conf/application.conf does): a job never inherits it. */
  private static final Config DAEMON = ConfigLayers.merge(null, Map.of(),
      List.of("job.base-url=embedded", "job.codes=[CN, IN]", "fetch.max-in-flight=7"));

  private static JobRequests.Parsed parse(String body) {
    return JobRequests.parse(body, DAEMON, DAEMON_DIR, 1000);
  }

  @Test
  void aJobIsTheFormOfAConfigFileWithOrWithoutItsRoot() {
    var rooted = parse("{\"fetchpipe\": {\"job\": {\"urls\": [\"http://127.0.0.1:1/a\"], \"output-dir\": \"/tmp/x\"}}}");
    var bare = parse("job { urls = [\"http://127.0.0.1:1/a\"], output-dir = /tmp/x }\nfetch.max-in-flight = 3");
    assertEquals(new UrlSource.Listed(List.of("http://127.0.0.1:1/a")), rooted.settings().job().source());
    assertEquals(Path.of("/tmp/x"), bare.settings().job().outputDir());
    assertEquals(3, bare.settings().fetch().maxInFlight());
    // What the job does not say comes from the daemon's config.
    assertEquals(7, rooted.settings().fetch().maxInFlight());
  }

  @Test
  void relativePathsAreTheDaemonsAndAreKeptAbsolute() {
    var parsed = parse("job.url-file = lists/u.txt\njob.output-dir = out");
    assertEquals(new UrlSource.FromFile(DAEMON_DIR.resolve("lists/u.txt")), parsed.settings().job().source());
    assertEquals(DAEMON_DIR.resolve("out"), parsed.settings().job().outputDir());
    assertTrue(parsed.layer().contains("/srv/daemon/out"), parsed.layer());
    // The default output dir too: a job kept for a restart must not depend on where the daemon starts.
    var defaulted = parse("job.urls = [\"http://127.0.0.1:1/a\"]");
    assertEquals(DAEMON_DIR.resolve("downloads"), defaulted.settings().job().outputDir());
    assertTrue(defaulted.layer().contains("/srv/daemon/downloads"), defaulted.layer());
  }

  @Test
  void aJobsTlsFilesAreTheDaemonsPathsAndOneLineNamingTheKeyWhenUnusable(@TempDir Path dir) throws Exception {
    SettingsException missing = assertThrows(SettingsException.class,
        () -> parse("job.urls = [\"https://a/b\"]\nfetch.tls.ca-file = certs/ca.pem"));
    assertEquals("fetchpipe.fetch.tls.ca-file", missing.key());
    assertTrue(missing.getMessage().contains("/srv/daemon/certs/ca.pem: no such file"), missing.getMessage());
    Path shadow = Files.writeString(dir.resolve("shadow"), "root:$6$hash:19000:0:99999:7:::\n");
    SettingsException notPem = assertThrows(SettingsException.class,
        () -> parse("job.urls = [\"https://a/b\"]\nfetch.tls.client-p12 = \"" + shadow + "\""));
    assertEquals("fetchpipe.fetch.tls.client-p12", notPem.key());
    assertFalse(notPem.getMessage().contains("$6$hash"), "never what the file holds: " + notPem.getMessage());
  }

  @Test
  void aJobsCookieFilesAreConfinedAndNeverTheDaemonsOwnState(@TempDir Path dir) throws Exception {
    Path state = Files.createDirectories(dir.resolve("state"));
    Path root = Files.createDirectories(dir.resolve("root"));
    JobRequests.Rules rules = new JobRequests.Rules(DAEMON, DAEMON_DIR, 1000, Integer.MAX_VALUE,
        new Confinement(List.of(root.toRealPath()), state));
    String urls = "job.urls = [\"https://a/b\"]\njob.output-dir = \"" + root.resolve("out") + "\"\n";
    SettingsException intoState = assertThrows(SettingsException.class, () -> JobRequests.parse(
        urls + "fetch.cookies.save = \"" + state.resolve("daemon.json") + "\"", rules, false));
    assertEquals("fetchpipe.fetch.cookies.save", intoState.key());
    SettingsException outside = assertThrows(SettingsException.class, () -> JobRequests.parse(
        urls + "fetch.cookies.file = \"" + dir.resolve("elsewhere.txt") + "\"", rules, false));
    assertEquals("fetchpipe.fetch.cookies.file", outside.key());
    assertTrue(outside.getMessage().contains("outside every allowed root"), outside.getMessage());
    Path jar = Files.writeString(root.resolve("jar.txt"), "h\tFALSE\t/\tFALSE\t0\tn\tv\n");
    var parsed = JobRequests.parse(urls + "fetch.cookies.file = \"" + jar + "\"\nfetch.cookies.save = \"" + jar + "\"",
        rules, false);
    assertEquals(1, parsed.settings().fetch().request().cookies().seed().size());
    assertEquals(jar.toRealPath(), parsed.settings().fetch().request().cookies().save());
    assertFalse(parsed.layer().contains("\tv"), "the job's record holds the file's path, not its cookies");
  }

  @Test
  void aBadJobIsTheLineRunWouldPrint() {
    assertEquals("fetchpipe.fetch.max-in-flight",
        assertThrows(SettingsException.class, () -> parse("job.urls = [\"http://a/b\"]\nfetch.max-in-flight = 0")).key());
    assertEquals("fetchpipe.fetch.max-in-flgiht",
        assertThrows(SettingsException.class, () -> parse("job.urls = [\"http://a/b\"]\nfetch.max-in-flgiht = 5")).key());
    SettingsException none = assertThrows(SettingsException.class, () -> parse("fetch.max-in-flight = 5"));
    assertTrue(none.getMessage().contains("no URLs given"), none.getMessage());
    assertThrows(SettingsException.class, () -> parse("job.urls = [\"http://a/b\"\n"));
    assertThrows(SettingsException.class, () -> parse("  "));
    SettingsException over = assertThrows(SettingsException.class,
        () -> parse("job.urls = [\"http://a/b\"]\nfetch.max-in-flight = 1001"));
    assertTrue(over.getMessage().contains("daemon.max-in-flight-limit"), over.getMessage());
  }

  @Test
  void pekkoAndDaemonKeysAreTheDaemonsOwn() {
    assertEquals("pekko", assertThrows(SettingsException.class,
        () -> parse("job.urls = [\"http://a/b\"]\npekko.loglevel = DEBUG")).key());
    assertEquals("fetchpipe.daemon", assertThrows(SettingsException.class,
        () -> parse("job.urls = [\"http://a/b\"]\ndaemon.max-jobs = 100")).key());
    assertEquals("fetchpipe.daemon", assertThrows(SettingsException.class,
        () -> parse("{\"fetchpipe\": {\"job\": {\"urls\": [\"http://a/b\"]}, \"daemon\": {\"port\": 1}}}")).key());
  }

  @Test
  void aJobCarriedOnAfterARestartKeepsItsFinishedFiles() {
    String layer = parse("job.urls = [\"http://a/b\"]\njob.resume = off").layer();
    assertFalse(JobRequests.parse(layer, DAEMON, DAEMON_DIR, 1000).settings().job().resume());
    assertTrue(JobRequests.parse(layer, DAEMON, Path.of("/elsewhere"), 1000, true).settings().job().resume());
  }

  @Test
  void aUrlFileIsCheckedWhenAJobComesNotWhenANodeReadsAnothersJob(@TempDir Path dir) throws Exception {
    Path shadow = Files.writeString(dir.resolve("shadow"), "root:$6$hash:19000:0:99999:7:::\n");
    String body = "job.url-file = \"" + shadow + "\"";
    SettingsException refused = assertThrows(SettingsException.class, () -> parse(body));
    assertTrue(refused.getMessage().contains("is not a list of URLs"), refused.getMessage());
    // A cluster node reading another node's job reads no url-file (the coordinator hands it the URLs); a daemon
    // carrying its own job on checks it itself, with checkUrlFile.
    JobRequests.Parsed carried = JobRequests.parse(body, DAEMON, DAEMON_DIR, 1000, true);
    assertThrows(SettingsException.class, () -> JobRequests.checkUrlFile(carried));
  }
}
