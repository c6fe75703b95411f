package dev.fetchpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fetchpipe.report.JsonReport;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * https through the real launcher: a server's certificate must chain to the JDK's trust store and name the host the
 * URL names, or the URL is an ERROR. Three Pekko HTTP servers on 127.0.0.1 with self-signed certificates made by
 * keytool; the job's JVM trusts two of them (javax.net.ssl.trustStore, the JDK's own way to name a trust store).
 */
class HttpsIT {
  private static final char[] PASSWORD = "changeit".toCharArray();

  private static ActorSystem<Void> servers;
  private static Path trustStore;
  private static int trusted;
  private static int misnamed;
  private static int untrusted;

  @BeforeAll
  static void startServers(@TempDir Path keys) throws Exception {
    Path keyStore = keys.resolve("keys.p12");
    newKeyPair(keyStore, "trusted", "ip:127.0.0.1");
    newKeyPair(keyStore, "misnamed", "dns:elsewhere.invalid");
    newKeyPair(keyStore, "untrusted", "ip:127.0.0.1");
    KeyStore all = load(keyStore);

    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("trusted", all.getCertificate("trusted"));
    trust.setCertificateEntry("misnamed", all.getCertificate("misnamed"));
    trustStore = keys.resolve("trust.p12");
    try (OutputStream out = Files.newOutputStream(trustStore)) {
      trust.store(out, PASSWORD);
    }

    servers = ActorSystem.create(Behaviors.empty(), "https-origins");
    trusted = serve(all, "trusted");
    misnamed = serve(all, "misnamed");
    untrusted = serve(all, "untrusted");
  }

  @AfterAll
  static void stopServers() {
    if (servers != null) servers.terminate();
  }

  @Test
  void anHttpsUrlIsSavedOnlyFromAServerWhoseCertificateIsTrustedAndNamesItsHost(@TempDir Path dir) throws Exception {
    Files.write(dir.resolve("urls.txt"), List.of(
        "https://127.0.0.1:" + trusted + "/trusted.txt",
        "https://127.0.0.1:" + misnamed + "/misnamed.txt",
        "https://127.0.0.1:" + untrusted + "/untrusted.txt"));
    ProcessBuilder run = new ProcessBuilder(Launcher.PROJECT.resolve("scripts/fetchpipe").toString(), "run",
        "--urls", "urls.txt", "--out", "out", "--report", "report.json", "--set", "progress.style=off",
        "--set", "fetch.retry.max-attempts=1")
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("output.txt").toFile());
    // Added to the launcher's own JVM flags rather than replacing them (FETCHPIPE_JAVA_OPTS would). Through a daemon
    // of this JVM set-up: the client starts one with the trust store, as a daemon without it is never used.
    run.environment().put("JAVA_TOOL_OPTIONS",
        "-Djavax.net.ssl.trustStore=" + trustStore + " -Djavax.net.ssl.trustStorePassword=changeit");
    run.environment().put("FETCHPIPE_STATE_DIR", Launcher.stateDir(dir).toString());
    Process process = run.start();
    try {
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "fetchpipe run still running after 60 s");
    } finally {
      Launcher.stopDaemon(Launcher.stateDir(dir));
    }
    String output = Files.readString(dir.resolve("output.txt"));
    assertEquals(1, process.exitValue(), output);

    JsonNode items = JsonReport.read(dir.resolve("report.json")).get("items");
    assertEquals("OK", items.get(0).get("outcome").asText(), items.get(0).toString());
    assertEquals("over TLS: /trusted.txt", Files.readString(dir.resolve("out/trusted.txt")));

    assertEquals("ERROR", items.get(1).get("outcome").asText(), items.get(1).toString());
    // The certificate is trusted but names another host: the "https" endpoint identification refuses it.
    assertEquals("certificate is for elsewhere.invalid, not 127.0.0.1", items.get(1).get("error").asText(),
        items.get(1).toString());

    // Names the host, but nothing in the trust store vouches for it.
    assertEquals("ERROR", items.get(2).get("outcome").asText(), items.get(2).toString());
    assertTrue(items.get(2).get("error").asText().startsWith("certificate not trusted: issued by ")
        && items.get(2).get("error").asText().endsWith("give fetch.tls.ca-file"), items.get(2).toString());
  }

  /** A self-signed EC key pair and certificate for {@code subjectAltName}, added to {@code keyStore} by keytool. */
  private static void newKeyPair(Path keyStore, String alias, String subjectAltName) throws Exception {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-keystore", keyStore.toString(),
        "-storetype", "PKCS12", "-storepass", "changeit", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=fetchpipe test " + alias, "-ext", "SAN=" + subjectAltName, "-validity", "2")
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, "keytool: " + output);
  }

  private static KeyStore load(Path path) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(path)) {
      store.load(in, PASSWORD);
    }
    return store;
  }

  /** An https server on a free loopback port with the key under {@code alias}, answering "over TLS: PATH". */
  private static int serve(KeyStore all, String alias) throws Exception {
    KeyStore one = KeyStore.getInstance("PKCS12");
    one.load(null, null);
    one.setKeyEntry(alias, all.getKey(alias, PASSWORD), PASSWORD, all.getCertificateChain(alias));
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(one, PASSWORD);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), null, null);
    return Http.get(servers).newServerAt("127.0.0.1", 0).enableHttps(ConnectionContext.httpsServer(tls))
        .bindSync(request -> HttpResponse.create().withEntity("over TLS: " + request.getUri().path()))
        .toCompletableFuture().get(30, TimeUnit.SECONDS).localAddress().getPort();
  }
}
