package dev.fetchpipe.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The hosts that go direct whatever the proxy, as curl reads {@code no_proxy}: entries separated by commas (or
 * spaces); {@code *} alone is every host; a name matches itself and every name under it ({@code example.com} and
 * {@code .example.com} both match {@code www.example.com}); an IP address or CIDR range ({@code 10.0.0.0/8},
 * {@code ::1}) matches a URL whose host is an address in it. Names are not resolved to be matched, as with curl.
 */
public final class NoProxy {
  private static final NoProxy NONE = new NoProxy(false, List.of(), List.of());

  private final boolean everyHost;
  private final List<String> names;
  private final List<AddressRange> ranges;

  private NoProxy(boolean everyHost, List<String> names, List<AddressRange> ranges) {
    this.everyHost = everyHost;
    this.names = List.copyOf(names);
    this.ranges = List.copyOf(ranges);
  }

  /** No host goes direct. */
  public static NoProxy none() {
    return NONE;
  }

  /** Reads a no_proxy list; every entry that is not an address or range is a host name. */
  public static NoProxy parse(String list) {
    List<String> names = new ArrayList<>();
    List<AddressRange> ranges = new ArrayList<>();
    boolean every = false;
    for (String raw : list.split("[,\\s]+")) {
      String entry = raw.strip().toLowerCase(Locale.ROOT);
      if (entry.isEmpty()) continue;
      if (entry.equals("*")) {
        every = true;
        continue;
      }
      if (entry.startsWith("[") && entry.contains("]")) entry = entry.substring(1, entry.indexOf(']'));
      AddressRange range = AddressRange.parseOrNull(entry);
      if (range != null) {
        ranges.add(range);
        continue;
      }
      // host:port: curl matches the host alone.
      int colon = entry.indexOf(':');
      if (colon > 0 && entry.indexOf(':', colon + 1) < 0) entry = entry.substring(0, colon);
      while (entry.startsWith(".")) entry = entry.substring(1);
      while (entry.endsWith(".")) entry = entry.substring(0, entry.length() - 1);
      if (!entry.isEmpty()) names.add(entry);
    }
    return new NoProxy(every, names, ranges);
  }

  /** The URL's host goes direct. */
  public boolean matches(String host) {
    if (everyHost) return true;
    String name = host.toLowerCase(Locale.ROOT);
    if (name.startsWith("[") && name.endsWith("]")) name = name.substring(1, name.length() - 1);
    while (name.endsWith(".")) name = name.substring(0, name.length() - 1);
    if (AddressRange.isLiteral(name)) {
      var address = AddressRange.literal(name);
      for (AddressRange range : ranges) {
        if (range.contains(address)) return true;
      }
    }
    for (String entry : names) {
      if (name.equals(entry) || name.endsWith("." + entry)) return true;
    }
    return false;
  }

  public boolean isEmpty() {
    return !everyHost && names.isEmpty() && ranges.isEmpty();
  }
}
