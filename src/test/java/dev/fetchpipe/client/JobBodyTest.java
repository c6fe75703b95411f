package dev.fetchpipe.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import dev.fetchpipe.config.SettingsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job a client sends: the user's layers only, paths made absolute against the client's directory. */
class JobBodyTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private JsonNode sent(Path configFile, Map<String, Object> shortcuts, List<String> sets) throws Exception {
    return JSON.readTree(JobBody.of(configFile, shortcuts, sets, dir).json());
  }

  @Test
  void relativePathsAreMadeAbsoluteAgainstTheClientsDirectory() throws Exception {
    JsonNode job = sent(null, Map.of("fetchpipe.job.url-file", "lists/urls.txt", "fetchpipe.job.output-dir", "out/../flags"),
        List.of()).path("fetchpipe").path("job");

    assertEquals(dir.resolve("lists/urls.txt").toString(), job.path("url-file").asText());
    assertEquals(dir.resolve("flags").toString(), job.path("output-dir").asText());
  }

  @Test
  void theTlsFilesAreMadeAbsoluteAndTheClientsProxyVariablesGoWithTheJob() throws Exception {
    JsonNode fetch = sent(null, Map.of(), List.of("fetch.tls.ca-file=certs/ca.pem", "fetch.tls.client-p12=me.p12"))
        .path("fetchpipe").path("fetch");

    assertEquals(dir.resolve("certs/ca.pem").toString(), fetch.path("tls").path("ca-file").asText());
    assertEquals(dir.resolve("me.p12").toString(), fetch.path("tls").path("client-p12").asText());
    JsonNode environment = fetch.path("proxy-environment");
    for (String name : dev.fetchpipe.config.ProxyEnvironment.NAMES) {
      assertEquals(System.getenv().getOrDefault(name, ""), environment.path(name).asText(),
          name + ": every variable is sent, empty when unset, so the daemon's own never fills in: " + environment);
    }
  }

  @Test
  void withoutAnOutputDirTheReferenceDefaultInTheClientsDirectoryIsSent() throws Exception {
    JsonNode job = sent(null, Map.of(), List.of("fetch.max-in-flight=7")).path("fetchpipe").path("job");

    assertEquals(dir.resolve("downloads").toString(), job.path("output-dir").asText());
    assertFalse(job.has("url-file"), "no url-file was given, so none is sent: " + job);
  }

  @Test
  void absolutePathsAndAnEmptyUrlFileAreSentAsTheyAre() throws Exception {
    Path elsewhere = Path.of("/srv/flags");
    JsonNode job = sent(null, Map.of("fetchpipe.job.output-dir", elsewhere.toString()), List.of("job.url-file="))
        .path("fetchpipe").path("job");

    assertEquals(elsewhere.toString(), job.path("output-dir").asText());
    assertEquals("", job.path("url-file").asText());
  }

  @Test
  void onlyTheUsersLayersAreSentNotReferenceConf() throws Exception {
    JsonNode body = sent(null, Map.of(), List.of("fetch.max-in-flight=7"));

    assertEquals("7", body.path("fetchpipe").path("fetch").path("max-in-flight").asText());
    assertFalse(body.path("fetchpipe").path("fetch").has("connect-timeout"), "a reference default leaked: " + body);
    assertFalse(body.has("pekko"), body.toString());
  }

  @Test
  void setWinsOverTheShortcutsWhichWinOverTheConfigFile() throws Exception {
    Path conf = Files.writeString(dir.resolve("job.conf"),
        "fetchpipe.fetch { max-in-flight = 3, max-per-host = 2 }\nfetchpipe.job.codes = [CN]\nfetchpipe.job.output-dir = from-file\n");
    JsonNode body = sent(conf, Map.of("fetchpipe.fetch.max-in-flight", "5", "fetchpipe.job.output-dir", "from-out"),
        List.of("fetchpipe.fetch.max-in-flight=9", "job.codes=[US, BR]"));

    JsonNode fetch = body.path("fetchpipe").path("fetch");
    assertEquals("9", fetch.path("max-in-flight").asText());
    assertEquals(2, fetch.path("max-per-host").asInt());
    assertEquals(List.of("US", "BR"), JSON.convertValue(body.path("fetchpipe").path("job").path("codes"), List.class));
    assertEquals(dir.resolve("from-out").toString(), body.path("fetchpipe").path("job").path("output-dir").asText());
  }

  @Test
  void aJobWithItsOwnOutputDirAndNoSubstitutionIsMadeWithoutReadingReferenceConf() throws Exception {
    Path conf = Files.writeString(dir.resolve("job.conf"), "fetchpipe.job { output-dir = flags, codes = [CN] }\n");
    AtomicInteger asked = new AtomicInteger();
    Supplier<Config> reference = () -> {
      asked.incrementAndGet();
      return OwnReference.get();
    };

    JsonNode job = JSON.readTree(JobBody.of(conf, Map.of("fetchpipe.fetch.max-in-flight", "5"), List.of("job.codes=[US]"),
        dir, reference).json()).path("fetchpipe").path("job");
    assertEquals(dir.resolve("flags").toString(), job.path("output-dir").asText());
    assertEquals(0, asked.get(), "reference.conf was read for a job that needs nothing of it");

    JobBody.of(null, Map.of(), List.of(), dir, reference);
    assertTrue(asked.get() > 0, "without an output dir the reference's default is needed");
    asked.set(0);
    Path substitution = Files.writeString(dir.resolve("sub.conf"), "fetchpipe.job.output-dir = ${fetchpipe.job.resume}\n");
    JobBody.of(substitution, Map.of(), List.of(), dir, reference);
    assertTrue(asked.get() > 0, "a substitution may name a default");
  }

  @Test
  void aSubstitutionMayNameAReferenceDefaultWithoutTheDefaultBeingSent() throws Exception {
    Path conf = Files.writeString(dir.resolve("job.conf"), "fetchpipe.fetch.max-per-host = ${fetchpipe.fetch.max-redirects}\n");
    JsonNode fetch = sent(conf, Map.of(), List.of()).path("fetchpipe").path("fetch");

    assertEquals(5, fetch.path("max-per-host").asInt());
    assertFalse(fetch.has("max-redirects"), fetch.toString());
  }

  @Test
  void anUnresolvableSubstitutionIsAOneLineErrorNamingTheFile() throws Exception {
    Path conf = Files.writeString(dir.resolve("job.conf"), "fetchpipe.fetch.max-per-host = ${nowhere}\n");

    SettingsException e = assertThrows(SettingsException.class, () -> JobBody.of(conf, Map.of(), List.of(), dir));
    assertEquals(conf.toString(), e.key());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void theClientReadsItsProgressSettingsFromTheLayersOverTheDefaults() {
    JobBody body = JobBody.of(null, Map.of(), List.of("progress.style=plain"), dir);

    assertEquals("plain", body.withDefaults().getString("fetchpipe.progress.style"));
    assertTrue(body.withDefaults().hasPath("fetchpipe.progress.plain-interval"));
  }
}
