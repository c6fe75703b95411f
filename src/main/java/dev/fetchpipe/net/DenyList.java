package dev.fetchpipe.net;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The addresses no request may connect to ({@code fetch.deny-addresses}): by default the link-local range and the
 * clouds' metadata addresses, which a URL (or a redirect) chosen by someone else should never reach from a downloader
 * (server-side request forgery). An address is checked once it is resolved, and the connection goes to that very
 * address, so a name that resolves differently the second time (DNS rebinding) cannot slip past.
 */
public final class DenyList {
  /** What fetch.deny-addresses says by default: link-local (IPv4 and IPv6) and the clouds' metadata addresses. */
  public static final List<String> DEFAULT = List.of("169.254.0.0/16", "fe80::/10", "fd00:ec2::254", "100.100.100.200");

  private static final DenyList NONE = new DenyList(List.of());

  private final List<AddressRange> ranges;

  private DenyList(List<AddressRange> ranges) {
    this.ranges = List.copyOf(ranges);
  }

  public static DenyList none() {
    return NONE;
  }

  /**
   * Reads the entries: IP addresses and CIDR ranges, plus the words {@code loopback} and {@code private} for
   * 127.0.0.0/8 and ::1, and for 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 and fc00::/7.
   *
   * @throws IllegalArgumentException naming the first entry that is none of those
   */
  public static DenyList parse(List<String> entries) {
    List<AddressRange> ranges = new ArrayList<>();
    for (String raw : entries) {
      String entry = raw.strip();
      if (entry.isEmpty()) continue;
      switch (entry.toLowerCase(java.util.Locale.ROOT)) {
        case "loopback" -> add(ranges, "127.0.0.0/8", "::1");
        case "private" -> add(ranges, "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7");
        case "link-local" -> add(ranges, "169.254.0.0/16", "fe80::/10");
        default -> {
          AddressRange range = AddressRange.parseOrNull(entry);
          if (range == null) {
            throw new IllegalArgumentException("\"" + entry + "\" is not an IP address or range (e.g. 169.254.0.0/16, "
                + "fd00:ec2::254, loopback, private)");
          }
          ranges.add(range);
        }
      }
    }
    return new DenyList(ranges);
  }

  private static void add(List<AddressRange> ranges, String... written) {
    for (String range : written) ranges.add(AddressRange.parseOrNull(range));
  }

  /** The range that holds {@code address}, or null when it may be connected to. */
  public String denying(InetAddress address) {
    for (AddressRange range : ranges) {
      if (range.contains(address)) return range.toString();
    }
    return null;
  }

  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  @Override
  public String toString() {
    return ranges.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DenyList list && ranges.equals(list.ranges);
  }

  @Override
  public int hashCode() {
    return ranges.hashCode();
  }
}
