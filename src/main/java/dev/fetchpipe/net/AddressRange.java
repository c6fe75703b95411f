package dev.fetchpipe.net;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IP address range, {@code 169.254.0.0/16} or {@code fd00:ec2::254} (a single address). An IPv4 address written
 * as IPv6 ({@code ::ffff:169.254.169.254}) is the IPv4 address, so a range of one holds the other. Reading one never
 * asks DNS: only literals are accepted.
 */
record AddressRange(InetAddress network, int prefix) {
  private static final String IPV4 = "\\d{1,3}(\\.\\d{1,3}){3}";

  /** Whether {@code text} is an IP literal (IPv4 dotted, or anything with a colon that parses as IPv6). */
  static boolean isLiteral(String text) {
    return literalOrNull(text) != null;
  }

  /** The address {@code text} writes; call only when {@link #isLiteral}. */
  static InetAddress literal(String text) {
    InetAddress address = literalOrNull(text);
    if (address == null) throw new IllegalArgumentException("not an IP address: " + text);
    return address;
  }

  private static InetAddress literalOrNull(String text) {
    String value = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    if (!value.matches(IPV4) && !(value.contains(":") && value.matches("[0-9A-Fa-f:.]+(%[A-Za-z0-9]+)?"))) return null;
    try {
      return InetAddress.getByName(value); // a literal: no lookup
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** {@code address/prefix} or an address alone; null when {@code text} is neither. */
  static AddressRange parseOrNull(String text) {
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    InetAddress network = literalOrNull(address);
    if (network == null) return null;
    int bits = network.getAddress().length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String length = text.substring(slash + 1);
      if (!length.matches("\\d{1,3}")) return null;
      prefix = Integer.parseInt(length);
      if (prefix > bits) return null;
      // ::ffff:a.b.c.d/104 is written over 128 bits, but the JDK reads the address as IPv4 (32 bits).
    }
    return new AddressRange(network, prefix);
  }

  boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    byte[] n = network.getAddress();
    if (a.length != n.length) return false;
    BigInteger mask = BigInteger.ONE.shiftLeft(n.length * 8).subtract(BigInteger.ONE)
        .xor(BigInteger.ONE.shiftLeft(n.length * 8 - prefix).subtract(BigInteger.ONE));
    return new BigInteger(1, a).and(mask).equals(new BigInteger(1, n).and(mask));
  }

  boolean isIpv4() {
    return network instanceof Inet4Address;
  }

  @Override
  public String toString() {
    String written = network instanceof Inet6Address ? network.getHostAddress().replaceAll("(^|:)0(:0)+(:|$)", "::")
        : network.getHostAddress();
    return prefix == network.getAddress().length * 8 ? written : written + "/" + prefix;
  }
}
