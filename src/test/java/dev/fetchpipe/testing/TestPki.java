package dev.fetchpipe.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A CA and certificates made with openssl at test time, in {@code dir}: ca.crt; server.crt/key for localhost and
 * 127.0.0.1; other.crt/key for other.example only; expired.crt/key (2020 to 2021); client.crt/key (PKCS#8),
 * client-pkcs1.key, client.p12 (password "secret"); wrongclient.crt/key from another CA.
 */
public final class TestPki {
  private TestPki() {}

  private static final String SCRIPT = """
      set -eu
      mkdir -p db && : > db/index.txt && echo 1000 > db/serial
      cat > ca.cnf <<'C'
      [ ca ]
      default_ca = CA_default
      [ CA_default ]
      dir = .
      database = db/index.txt
      serial = db/serial
      new_certs_dir = db
      default_md = sha256
      policy = any
      copy_extensions = copy
      unique_subject = no
      [ any ]
      commonName = supplied
      [ req ]
      distinguished_name = dn
      prompt = no
      [ dn ]
      CN = unused
      [ v3_ca ]
      basicConstraints = critical, CA:true
      keyUsage = critical, keyCertSign, cRLSign
      [ server ]
      basicConstraints = CA:false
      extendedKeyUsage = serverAuth
      [ client ]
      basicConstraints = CA:false
      extendedKeyUsage = clientAuth
      C
      mkca() { openssl req -x509 -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.crt" -days 30 -subj "/CN=$2" -config ca.cnf -extensions v3_ca 2>/dev/null; }
      sign() { openssl ca -batch -config ca.cnf -cert "$1.crt" -keyfile "$1.key" -in "$2.csr" -out "$2.crt" -extensions "$3" -notext $4 2>/dev/null; }
      req() { openssl req -new -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "/CN=$2" $3 2>/dev/null; }
      mkca ca "fetchpipe test CA"
      mkca otherca "some other CA"
      req server localhost "-addext subjectAltName=DNS:localhost,IP:127.0.0.1"; sign ca server server "-days 30"
      req other other.example "-addext subjectAltName=DNS:other.example"; sign ca other server "-days 30"
      req expired localhost "-addext subjectAltName=DNS:localhost,IP:127.0.0.1"
      sign ca expired server "-startdate 20200101000000Z -enddate 20210101000000Z"
      req client "fetchpipe client" ""; sign ca client client "-days 30"
      openssl rsa -in client.key -traditional -out client-pkcs1.key 2>/dev/null
      openssl pkcs12 -export -in client.crt -inkey client.key -passout pass:secret -out client.p12
      req wrongclient "someone else" ""; sign otherca wrongclient client "-days 30"
      """;

  /** Makes everything in {@code dir}; fails naming openssl's Debian package when it is missing. */
  public static Path make(Path dir) {
    DebianTool.require("openssl", "openssl");
    try {
      Files.createDirectories(dir);
      Path script = dir.resolve("make-pki.sh");
      Files.writeString(script, SCRIPT);
      Process process = new ProcessBuilder(List.of("bash", script.toString())).directory(dir.toFile())
          .redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (process.waitFor() != 0) throw new AssertionError("making the test PKI failed: " + output);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
