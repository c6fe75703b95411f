package dev.fetchpipe.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.Optional;

/** fetch.local-address: an IP literal this machine can send from, or "" for whichever address the system picks. */
final class LocalAddresses {

  // Dotted IPv4 or anything with a colon (IPv6); a name never gets here, so reading a literal never asks DNS.
  private static final String IP_LITERAL = "\\d{1,3}(\\.\\d{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*";

  private LocalAddresses() {}

  static Optional<InetAddress> read(ConfigReader read, String key) {
    String written = read.string(key).trim();
    if (written.isEmpty()) {
      return Optional.empty();
    }
    String notLiteral = "expected an IP address of this machine such as 127.0.0.2, or \"\" for any, got \"" + written + "\"";
    if (!written.matches(IP_LITERAL)) {
      throw new SettingsException(key, notLiteral);
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(written);
    } catch (UnknownHostException e) {
      // 999.1.1.1 and the like: shaped like a literal, but no address.
      throw new SettingsException(key, notLiteral);
    }
    // Binding a socket is the one sure test that connections can go out from it: an interface may hold a whole range
    // (all of 127/8 on Linux) that listing the interfaces' addresses would not show.
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(address, 0));
    } catch (IOException e) {
      throw new SettingsException(key, "\"" + written + "\" is not an address of this machine (" + e.getMessage() + ")");
    }
    return Optional.of(address);
  }
}
