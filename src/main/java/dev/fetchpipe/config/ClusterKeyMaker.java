package dev.fetchpipe.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Makes a cluster's keys with the JDK's own keytool (run as a process; no certificate is put together by hand): once,
 * the cluster's certificate authority in {@code DIR/ca}, then a node folder ({@code DIR/node}, or any name) with a key
 * the CA signed, which {@link ClusterKeys} reads. Every folder is made for this user alone (0700, files 0600), and a node
 * folder appears whole or not at all. Keys are EC P-256, valid for ten years.
 */
public final class ClusterKeyMaker {
  public static final String CA_DIR = "ca";
  public static final String DEFAULT_NODE = "node";
  static final String CA_STORE = "ca.p12";
  static final String CA_CERTIFICATE = "ca.crt";
  private static final String VALIDITY_DAYS = "3650";
  private static final String KEY = "cluster-keys";

  private ClusterKeyMaker() {}

  /** What was made: the CA (when it was made now) and the node folder. */
  public record Made(Path caDir, boolean caMadeNow, Path nodeDir) {}

  /**
   * @param dir  the cluster's keys folder; made when missing
   * @param node the node folder's name under it
   * @throws SettingsException when the name is unusable, the node folder exists, or keytool fails
   */
  public static Made make(Path dir, String node) {
    if (!node.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}") || node.equals(CA_DIR)) {
      throw new SettingsException("--node", "expected a name of letters, digits, . _ - (not \"ca\"), got \"" + node + "\"");
    }
    Path nodeDir = dir.resolve(node);
    if (Files.exists(nodeDir)) {
      throw new SettingsException(KEY, nodeDir + " exists already; give another --node NAME for another node's keys");
    }
    Path caDir = dir.resolve(CA_DIR);
    try {
      privateDir(dir);
      boolean caMadeNow = !Files.exists(caDir.resolve(CA_STORE));
      if (caMadeNow) makeCa(dir, caDir);
      makeNode(dir, caDir, nodeDir, node);
      return new Made(caDir, caMadeNow, nodeDir);
    } catch (IOException e) {
      throw new SettingsException(KEY, "cannot write in " + dir + ": " + e.getMessage());
    }
  }

  private static void makeCa(Path dir, Path caDir) throws IOException {
    Path temp = Files.createTempDirectory(dir, ".ca-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    try {
      writePassword(temp);
      String id = HexFormat.of().formatHex(random(6));
      keytool(temp, "-genkeypair", "-keystore", CA_STORE, "-storetype", "PKCS12", "-storepass:file", ClusterKeys.PASSWORD_FILE, "-alias", "ca",
          "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=fetchpipe cluster CA " + id,
          "-ext", "BasicConstraints:critical=ca:true", "-ext", "KeyUsage:critical=keyCertSign,cRLSign",
          "-validity", VALIDITY_DAYS);
      keytool(temp, "-exportcert", "-rfc", "-keystore", CA_STORE, "-storepass:file", ClusterKeys.PASSWORD_FILE, "-alias", "ca",
          "-file", CA_CERTIFICATE);
      privateFiles(temp);
      Files.move(temp, caDir, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      deleteTree(temp);
    }
  }

  private static void makeNode(Path dir, Path caDir, Path nodeDir, String node) throws IOException {
    Path temp = Files.createTempDirectory(dir, "." + node + "-",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    try {
      writePassword(temp);
      Files.copy(caDir.resolve(CA_CERTIFICATE), temp.resolve(CA_CERTIFICATE));
      keytool(temp, "-genkeypair", "-keystore", ClusterKeys.NODE_STORE, "-storetype", "PKCS12", "-storepass:file", ClusterKeys.PASSWORD_FILE,
          "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=fetchpipe node " + node,
          "-validity", VALIDITY_DAYS);
      keytool(temp, "-certreq", "-keystore", ClusterKeys.NODE_STORE, "-storepass:file", ClusterKeys.PASSWORD_FILE, "-alias", "node",
          "-file", "node.csr");
      keytool(temp, "-gencert", "-keystore", caDir.resolve(CA_STORE).toString(), "-storepass:file", caDir.resolve(ClusterKeys.PASSWORD_FILE).toString(), "-alias", "ca",
          "-infile", "node.csr", "-outfile", "node.crt", "-rfc", "-validity", VALIDITY_DAYS,
          "-ext", "KeyUsage:critical=digitalSignature,keyAgreement", "-ext", "ExtendedKeyUsage=serverAuth,clientAuth");
      // The CA first, so that the signed certificate is taken as the reply to the request, with its chain.
      keytool(temp, "-importcert", "-noprompt", "-keystore", ClusterKeys.NODE_STORE, "-storepass:file", ClusterKeys.PASSWORD_FILE,
          "-alias", "ca", "-file", CA_CERTIFICATE);
      keytool(temp, "-importcert", "-keystore", ClusterKeys.NODE_STORE, "-storepass:file", ClusterKeys.PASSWORD_FILE, "-alias", "node",
          "-file", "node.crt");
      keytool(temp, "-delete", "-keystore", ClusterKeys.NODE_STORE, "-storepass:file", ClusterKeys.PASSWORD_FILE, "-alias", "ca");
      keytool(temp, "-importcert", "-noprompt", "-keystore", ClusterKeys.TRUST_STORE, "-storetype", "PKCS12",
          "-storepass:file", ClusterKeys.PASSWORD_FILE, "-alias", "cluster-ca", "-file", CA_CERTIFICATE);
      for (String done : List.of("node.csr", "node.crt", CA_CERTIFICATE)) Files.delete(temp.resolve(done));
      privateFiles(temp);
      Files.move(temp, nodeDir, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      deleteTree(temp);
    }
    ClusterKeys.read(nodeDir); // what the daemon will check, checked now
  }

  /** The stores' password, in a file keytool reads it from (never on a command line, which any user may see). */
  private static void writePassword(Path dir) throws IOException {
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random(24));
    Files.writeString(dir.resolve(ClusterKeys.PASSWORD_FILE), password + "\n", StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE_NEW);
    Files.setPosixFilePermissions(dir.resolve(ClusterKeys.PASSWORD_FILE), PosixFilePermissions.fromString("rw-------"));
  }

  private static byte[] random(int bytes) {
    byte[] random = new byte[bytes];
    new SecureRandom().nextBytes(random);
    return random;
  }

  /** Runs the JDK's keytool in {@code dir}; its output is shown only when it fails. */
  private static void keytool(Path dir, String... args) throws IOException {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    if (!Files.isExecutable(keytool)) {
      throw new SettingsException(KEY, "the JDK's keytool is not at " + keytool + " (Debian: openjdk-17-jre-headless)");
    }
    // keytool is a short-lived JVM: without the optimizing compiler and with the serial collector it starts in a third
    // of the time, which a keys folder's eight runs of it add up.
    List<String> command = new ArrayList<>(List.of(keytool.toString(), "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new SettingsException(KEY, "keytool " + args[0] + " did not finish in 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SettingsException(KEY, "interrupted");
    }
    if (process.exitValue() != 0) {
      throw new SettingsException(KEY, "keytool " + args[0] + " failed: " + output.strip().replaceAll("\\R", " "));
    }
  }

  private static void privateDir(Path dir) throws IOException {
    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
  }

  private static void privateFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
    }
  }
}
