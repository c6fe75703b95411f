package dev.fetchpipe.job;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Drops a URL listed again: it is fetched once, under one file name, and the plan counts the repeats (a repeat fetched
 * twice came out as "cn.gif" and "cn-2.gif", the same bytes twice). Lines that cannot be fetched are never dropped:
 * each is an ERROR item of its own.
 *
 * <p>Like {@link FileNames}, it keeps a 64-bit fingerprint per URL, not the URL: the one thing a job holds for each of
 * its URLs. Two different URLs with the same fingerprint (about one chance in 30 million for a million URLs) would
 * fetch only the first.
 */
final class RepeatedUrls implements Iterator<UrlCheck> {
  /** How many repeated URLs the header names; the rest are counted. */
  static final int EXAMPLES = 3;

  private final Iterator<UrlCheck> lines;
  private final Set<Long> seen = new HashSet<>();
  private final List<String> examples = new ArrayList<>();
  private int repeats;
  private UrlCheck next;

  RepeatedUrls(Iterator<UrlCheck> lines) {
    this.lines = lines;
    advance();
  }

  private void advance() {
    while (lines.hasNext()) {
      UrlCheck line = lines.next();
      if (!line.usable() || seen.add(fingerprint(line.url()))) {
        next = line;
        return;
      }
      repeats++;
      if (examples.size() < EXAMPLES && !examples.contains(line.url())) examples.add(line.url());
    }
    next = null;
  }

  @Override
  public boolean hasNext() {
    return next != null;
  }

  @Override
  public UrlCheck next() {
    if (next == null) throw new NoSuchElementException();
    UrlCheck line = next;
    advance();
    return line;
  }

  /** Lines dropped so far because their URL came earlier. */
  int repeats() {
    return repeats;
  }

  /** The first few URLs that were listed more than once. */
  List<String> examples() {
    return List.copyOf(examples);
  }

  /** The lines' iterator, for closing a URL file early. */
  Iterator<UrlCheck> source() {
    return lines;
  }

  /** 64-bit FNV-1a over the URL as it will be requested (trimmed, non-ASCII percent-encoded), exact case. */
  static long fingerprint(String url) {
    long hash = 0xcbf29ce484222325L;
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      hash = (hash ^ (c & 0xff)) * 0x100000001b3L;
      hash = (hash ^ (c >>> 8)) * 0x100000001b3L;
    }
    return hash;
  }
}
