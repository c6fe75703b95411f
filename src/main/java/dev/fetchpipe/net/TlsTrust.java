package dev.fetchpipe.net;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS trust of a job, from fetch.tls: CA certificates added to the JVM's (or alone), a client certificate (PEM
 * certificate and key, or PKCS#12), or no checks at all (insecure). Made once per job: its SSLContext is part of what
 * identifies a Pekko HTTP pool. Host name checks and SNI stay on in every case but insecure (Pekko HTTP's engine
 * checks the name through the trust manager). A file that cannot be used throws {@link BadFile} naming its key.
 *
 * @param caFile     PEM CA certificates, or null
 * @param caOnly     trust only caFile's, not the JVM's
 * @param clientCert PEM client certificate (and chain), or null
 * @param clientKey  its PEM private key (PKCS#8, or PKCS#1 RSA), unencrypted
 * @param clientP12  a PKCS#12 file with the client certificate and key, or null
 * @param p12Password its password
 * @param insecure   trust every certificate for every name
 */
public record TlsTrust(Path caFile, boolean caOnly, Path clientCert, Path clientKey, Path clientP12, String p12Password,
    boolean insecure) {
  private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");

  /** A fetch.tls file that cannot be used, in plain words; {@code key} is the full config key. */
  public static final class BadFile extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String key;

    BadFile(String key, String problem) {
      super(problem, null, false, false);
      this.key = key;
    }

    public String key() {
      return key;
    }
  }

  /** Nothing set: the JVM's own trust (see NetPlan's shared context). */
  public boolean isDefault() {
    return caFile == null && clientCert == null && clientP12 == null && !insecure;
  }

  /** Reads the files (blocking) into an SSLContext; throws {@link BadFile} naming the key at fault. */
  public SSLContext context() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers(), new TrustManager[] {trustManager()}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new BadFile("fetchpipe.fetch.tls", "cannot set up TLS: " + e.getMessage());
    }
  }

  private X509ExtendedTrustManager trustManager() throws GeneralSecurityException {
    if (insecure) return new TlsRefusal.TrustingAll();
    KeyStore store = null;
    if (caFile != null) {
      store = KeyStore.getInstance(KeyStore.getDefaultType());
      try {
        store.load(null, null);
      } catch (IOException impossible) {
        throw new GeneralSecurityException(impossible);
      }
      int i = 0;
      if (!caOnly) {
        for (X509Certificate own : defaultIssuers()) store.setCertificateEntry("jvm-" + i++, own);
      }
      List<X509Certificate> given = certificates("fetchpipe.fetch.tls.ca-file", caFile);
      for (X509Certificate certificate : given) store.setCertificateEntry("ca-file-" + i++, certificate);
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509ExtendedTrustManager extended) return new TlsRefusal.Explaining(extended);
    }
    throw new GeneralSecurityException("no X.509 trust manager");
  }

  private static List<X509Certificate> defaultIssuers() throws GeneralSecurityException {
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init((KeyStore) null); // the JVM's own (honours -Djavax.net.ssl.trustStore)
    List<X509Certificate> issuers = new ArrayList<>();
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) issuers.addAll(List.of(x509.getAcceptedIssuers()));
    }
    return issuers;
  }

  private KeyManager[] keyManagers() throws GeneralSecurityException {
    KeyStore store;
    char[] password;
    if (clientP12 != null) {
      password = p12Password.toCharArray();
      store = KeyStore.getInstance("PKCS12");
      try (InputStream in = new ByteArrayInputStream(read("fetchpipe.fetch.tls.client-p12", clientP12))) {
        store.load(in, password);
      } catch (IOException e) {
        String why = e.getCause() instanceof java.security.UnrecoverableKeyException || String.valueOf(e.getMessage())
            .contains("password") ? "wrong password (fetch.tls.client-p12-password)" : "not a PKCS#12 file";
        throw new BadFile("fetchpipe.fetch.tls.client-p12", clientP12 + ": " + why);
      }
    } else if (clientCert != null) {
      if (clientKey == null) throw new BadFile("fetchpipe.fetch.tls.client-key", "give the client certificate's key too");
      List<X509Certificate> chain = certificates("fetchpipe.fetch.tls.client-cert", clientCert);
      PrivateKey key = privateKey("fetchpipe.fetch.tls.client-key", clientKey);
      if (!matches(key, chain.get(0))) {
        throw new BadFile("fetchpipe.fetch.tls.client-key", clientKey + " is not the key of " + clientCert);
      }
      password = new char[0];
      store = KeyStore.getInstance("PKCS12");
      try {
        store.load(null, null);
      } catch (IOException impossible) {
        throw new GeneralSecurityException(impossible);
      }
      store.setKeyEntry("client", key, password, chain.toArray(X509Certificate[]::new));
    } else {
      return null;
    }
    KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, password);
    return factory.getKeyManagers();
  }

  /**
   * A server's SSLContext from its PEM certificate (its chain) and unencrypted PEM key, read now (blocking); throws
   * {@link BadFile} naming {@code certKey} or {@code keyKey}, the config keys that gave the files.
   */
  public static SSLContext server(String certKey, Path cert, String keyKey, Path keyFile) {
    List<X509Certificate> chain = certificates(certKey, cert);
    PrivateKey key = privateKey(keyKey, keyFile);
    if (!matches(key, chain.get(0))) throw new BadFile(keyKey, keyFile + " is not the key of " + cert);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("server", key, new char[0], chain.toArray(X509Certificate[]::new));
      KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, new char[0]);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(factory.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new BadFile(certKey, "cannot set up TLS: " + e.getMessage());
    }
  }

  private static byte[] read(String key, Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new BadFile(key, file + ": no such file");
    } catch (IOException e) {
      throw new BadFile(key, file + ": cannot be read (" + e.getMessage() + ")");
    }
  }

  /** Every PEM certificate in {@code file} (text between them, as in curl's cacert.pem, is skipped). */
  static List<X509Certificate> certificates(String key, Path file) {
    String text = new String(read(key, file), StandardCharsets.US_ASCII);
    List<X509Certificate> certificates = new ArrayList<>();
    Matcher block = PEM.matcher(text);
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      while (block.find()) {
        if (!block.group(1).equals("CERTIFICATE") && !block.group(1).equals("TRUSTED CERTIFICATE")) continue;
        byte[] der = Base64.getMimeDecoder().decode(block.group(2));
        certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
      }
    } catch (CertificateException | IllegalArgumentException e) {
      throw new BadFile(key, file + ": a certificate in it cannot be read");
    }
    if (certificates.isEmpty()) throw new BadFile(key, file + ": no PEM certificate in it (-----BEGIN CERTIFICATE-----)");
    return certificates;
  }

  private static PrivateKey privateKey(String key, Path file) {
    String text = new String(read(key, file), StandardCharsets.US_ASCII);
    if (text.contains("Proc-Type: 4,ENCRYPTED")) throw encrypted(key, file);
    Matcher block = PEM.matcher(text);
    if (!block.find()) throw new BadFile(key, file + ": no PEM private key in it");
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(block.group(2).replaceAll("(?m)^[A-Za-z-]+:.*$", ""));
    } catch (IllegalArgumentException e) {
      throw new BadFile(key, file + ": not PEM");
    }
    byte[] pkcs8 = switch (block.group(1)) {
      case "PRIVATE KEY" -> der;
      case "RSA PRIVATE KEY" -> {
        if (text.contains("ENCRYPTED")) throw encrypted(key, file);
        yield Der.pkcs1ToPkcs8(der);
      }
      case "ENCRYPTED PRIVATE KEY" -> throw encrypted(key, file);
      case "CERTIFICATE", "TRUSTED CERTIFICATE" -> throw new BadFile(key, file + ": a certificate, not a private key");
      default -> throw new BadFile(key, file + ": " + block.group(1) + " is not supported; convert it: "
          + "openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
    };
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      } catch (GeneralSecurityException notThisOne) {
        // the next algorithm
      }
    }
    throw new BadFile(key, file + ": not a private key fetchpipe can read (RSA, EC, Ed25519)");
  }

  private static BadFile encrypted(String key, Path file) {
    return new BadFile(key, file + ": an encrypted key; decrypt it: openssl pkcs8 -topk8 "
        + "-nocrypt -in KEY -out KEY.pk8 (or give a PKCS#12 file and its password)");
  }

  /** The key signs what the certificate's public key verifies. */
  private static boolean matches(PrivateKey key, X509Certificate certificate) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> key.getAlgorithm();
    };
    try {
      byte[] probe = "fetchpipe".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** The DER needed to read a PKCS#1 RSA key as PKCS#8. */
  private static final class Der {
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7,
        0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
      byte[] version = {0x02, 0x01, 0x00};
      byte[] octets = tlv(0x04, pkcs1);
      byte[] body = new byte[version.length + RSA_ALGORITHM.length + octets.length];
      System.arraycopy(version, 0, body, 0, version.length);
      System.arraycopy(RSA_ALGORITHM, 0, body, version.length, RSA_ALGORITHM.length);
      System.arraycopy(octets, 0, body, version.length + RSA_ALGORITHM.length, octets.length);
      return tlv(0x30, body);
    }

    static byte[] tlv(int tag, byte[] value) {
      int n = value.length;
      byte[] length = n < 128 ? new byte[] {(byte) n}
          : n < 256 ? new byte[] {(byte) 0x81, (byte) n}
          : n < 65536 ? new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n}
          : new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
      byte[] out = new byte[1 + length.length + n];
      out[0] = (byte) tag;
      System.arraycopy(length, 0, out, 1, length.length);
      System.arraycopy(value, 0, out, 1 + length.length, n);
      return out;
    }
  }
}
