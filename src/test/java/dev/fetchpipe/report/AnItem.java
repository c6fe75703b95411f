package dev.fetchpipe.report;

import java.util.List;

/**
 * A URL's result for a test, naming only what the test is about: {@code AnItem.of(3, url, Outcome.OK).status(200)
 * .bytes(10).build()} instead of twelve positional arguments, most of them null. What is not named is what a URL
 * without it has: no status, no bytes, no file, no error, no request made.
 */
public final class AnItem {
  private final int index;
  private final String url;
  private final Outcome outcome;
  private Integer status;
  private long bytes;
  private String sha256;
  private String path;
  private String error;
  private String writerThread;
  private Timings timings = new Timings(0.0, null, null, null, 1.0);
  private List<Attempt> attempts = List.of();
  private String note;
  private String node;

  private AnItem(int index, String url, Outcome outcome) {
    this.index = index;
    this.url = url;
    this.outcome = outcome;
  }

  public static AnItem of(int index, String url, Outcome outcome) {
    return new AnItem(index, url, outcome);
  }

  public AnItem status(Integer status) {
    this.status = status;
    return this;
  }

  public AnItem bytes(long bytes) {
    this.bytes = bytes;
    return this;
  }

  public AnItem sha256(String sha256) {
    this.sha256 = sha256;
    return this;
  }

  public AnItem path(String path) {
    this.path = path;
    return this;
  }

  public AnItem error(String error) {
    this.error = error;
    return this;
  }

  public AnItem writer(String writerThread) {
    this.writerThread = writerThread;
    return this;
  }

  public AnItem timings(Timings timings) {
    this.timings = timings;
    return this;
  }

  public AnItem attempts(List<Attempt> attempts) {
    this.attempts = attempts;
    return this;
  }

  public AnItem note(String note) {
    this.note = note;
    return this;
  }

  /** Fetched on this node of a cluster ("host:port"): no writer renaming, unlike {@link ItemResult#onNode}. */
  public AnItem node(String node) {
    this.node = node;
    return this;
  }

  public ItemResult build() {
    return new ItemResult(index, url, outcome, status, bytes, sha256, path, error, writerThread, timings, attempts, note,
        node);
  }
}
