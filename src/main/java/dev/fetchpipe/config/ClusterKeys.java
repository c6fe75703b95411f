package dev.fetchpipe.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * A node's keys for a cluster of daemons, as {@code fetchpipe cluster-keys} makes them (docs/cluster.md): a folder
 * with {@value #NODE_STORE} (the node's private key and its certificate, signed by the cluster's CA), {@value
 * #TRUST_STORE} (the CA's certificate, the only one the node trusts) and {@value #PASSWORD_FILE} (the stores'
 * password: PKCS12 needs one; what protects the keys is that the folder is the daemon user's alone). With them, Artery
 * speaks TLS with mutual authentication: a peer without a key the cluster's CA signed cannot connect, so cannot join,
 * nor send any node a message. Read and checked once, when the daemon starts, so that a missing or mismatched key is a
 * usage error of one line instead of a node that silently cannot join.
 */
public final class ClusterKeys {
  public static final String NODE_STORE = "node.p12";
  public static final String TRUST_STORE = "trust.p12";
  public static final String PASSWORD_FILE = "password";
  private static final String KEY = "fetchpipe.daemon.cluster.keys";
  private static final Set<PosixFilePermission> OTHERS = Set.of(PosixFilePermission.GROUP_READ,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

  private final Path dir;
  private final String password;

  private ClusterKeys(Path dir, String password) {
    this.dir = dir;
    this.password = password;
  }

  /**
   * The keys in {@code dir}, checked: each file there and for this user alone, the stores readable with the password,
   * the node's certificate signed by a CA the trust store holds, and neither expired.
   *
   * @throws SettingsException naming the key and what is wrong, in one line
   */
  public static ClusterKeys read(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new SettingsException(KEY, "no folder " + dir + ": make the cluster's keys with `fetchpipe cluster-keys DIR`"
          + " and give each node a node folder of it (docs/cluster.md)");
    }
    for (String name : List.of(NODE_STORE, TRUST_STORE, PASSWORD_FILE)) {
      Path file = dir.resolve(name);
      if (!Files.isRegularFile(file)) {
        throw new SettingsException(KEY, "no " + name + " in " + dir + ": not a node folder made by `fetchpipe cluster-keys`");
      }
      checkPrivate(file);
    }
    String password;
    try {
      password = Files.readString(dir.resolve(PASSWORD_FILE), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new SettingsException(KEY, "cannot read " + dir.resolve(PASSWORD_FILE) + ": " + e.getMessage());
    }
    ClusterKeys keys = new ClusterKeys(dir, password);
    keys.check();
    return keys;
  }

  /** A key anyone else on the machine may read is a key the cluster can no longer count on: refused, as ssh does. */
  private static void checkPrivate(Path file) {
    try {
      Set<PosixFilePermission> modes = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
      if (!Collections.disjoint(modes, OTHERS)) {
        throw new SettingsException(KEY, file + " may be read or written by other users; make it this user's alone: "
            + "chmod 600 " + file);
      }
    } catch (IOException | UnsupportedOperationException e) {
      throw new SettingsException(KEY, "cannot read " + file + ": " + e.getMessage());
    }
  }

  private void check() {
    KeyStore node = load(NODE_STORE);
    KeyStore trust = load(TRUST_STORE);
    X509Certificate nodeCertificate = nodeCertificate(node);
    List<X509Certificate> authorities = trusted(trust);
    if (authorities.isEmpty()) throw new SettingsException(KEY, dir.resolve(TRUST_STORE) + " holds no certificate to trust");
    X509Certificate signer = null;
    for (X509Certificate authority : authorities) {
      try {
        nodeCertificate.verify(authority.getPublicKey());
        signer = authority;
        break;
      } catch (GeneralSecurityException notThisOne) {
        // another CA of the trust store may have signed it
      }
    }
    if (signer == null) {
      throw new SettingsException(KEY, "the node's key in " + dir.resolve(NODE_STORE) + " was not signed by the CA in "
          + dir.resolve(TRUST_STORE) + ": they are from two different clusters' keys");
    }
    valid(nodeCertificate, dir.resolve(NODE_STORE));
    valid(signer, dir.resolve(TRUST_STORE));
  }

  private KeyStore load(String name) {
    Path file = dir.resolve(name);
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password.toCharArray());
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw new SettingsException(KEY, "cannot read " + file + " with the password in " + dir.resolve(PASSWORD_FILE)
          + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }
  }

  private X509Certificate nodeCertificate(KeyStore node) {
    try {
      List<String> keys = new ArrayList<>();
      for (String alias : Collections.list(node.aliases())) if (node.isKeyEntry(alias)) keys.add(alias);
      if (keys.size() != 1) {
        throw new SettingsException(KEY, dir.resolve(NODE_STORE) + " must hold one private key, it holds " + keys.size());
      }
      Certificate certificate = node.getCertificate(keys.get(0));
      if (!(certificate instanceof X509Certificate x509)) {
        throw new SettingsException(KEY, dir.resolve(NODE_STORE) + " holds a key without a certificate");
      }
      return x509;
    } catch (GeneralSecurityException e) {
      throw new SettingsException(KEY, "cannot read " + dir.resolve(NODE_STORE) + ": " + e.getMessage());
    }
  }

  private static List<X509Certificate> trusted(KeyStore trust) {
    List<X509Certificate> certificates = new ArrayList<>();
    try {
      for (String alias : Collections.list(trust.aliases())) {
        if (trust.isCertificateEntry(alias) && trust.getCertificate(alias) instanceof X509Certificate x509) {
          certificates.add(x509);
        }
      }
    } catch (GeneralSecurityException e) {
      // an unreadable entry is no certificate to trust
    }
    return certificates;
  }

  private static void valid(X509Certificate certificate, Path file) {
    try {
      certificate.checkValidity();
    } catch (CertificateExpiredException e) {
      throw new SettingsException(KEY, "the certificate in " + file + " expired on " + certificate.getNotAfter().toInstant()
          + ": make new keys with `fetchpipe cluster-keys`");
    } catch (CertificateNotYetValidException e) {
      throw new SettingsException(KEY, "the certificate in " + file + " is valid only from "
          + certificate.getNotBefore().toInstant() + " (is this machine's clock right?)");
    }
  }

  public Path dir() {
    return dir;
  }

  /**
   * Artery over TLS with these keys, mutual authentication required. Names are not checked against addresses: what
   * makes a node a member is a key signed by the cluster's CA, wherever it runs.
   */
  public Config pekkoConfig() {
    String engine = "pekko.remote.artery.ssl.config-ssl-engine.";
    return ConfigFactory.empty()
        .withValue("pekko.remote.artery.transport", ConfigValueFactory.fromAnyRef("tls-tcp"))
        .withValue("pekko.remote.artery.ssl.ssl-engine-provider",
            ConfigValueFactory.fromAnyRef("org.apache.pekko.remote.artery.tcp.ConfigSSLEngineProvider"))
        .withValue(engine + "key-store", ConfigValueFactory.fromAnyRef(dir.resolve(NODE_STORE).toString()))
        .withValue(engine + "trust-store", ConfigValueFactory.fromAnyRef(dir.resolve(TRUST_STORE).toString()))
        .withValue(engine + "key-store-password", ConfigValueFactory.fromAnyRef(password))
        .withValue(engine + "key-password", ConfigValueFactory.fromAnyRef(password))
        .withValue(engine + "trust-store-password", ConfigValueFactory.fromAnyRef(password))
        .withValue(engine + "protocol", ConfigValueFactory.fromAnyRef("TLSv1.3"))
        .withValue(engine + "enabled-algorithms",
            ConfigValueFactory.fromIterable(List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384")))
        .withValue(engine + "require-mutual-authentication", ConfigValueFactory.fromAnyRef(true))
        .withValue(engine + "hostname-verification", ConfigValueFactory.fromAnyRef(false));
  }

  @Override
  public String toString() {
    return "ClusterKeys[" + dir + "]"; // never the password
  }
}
