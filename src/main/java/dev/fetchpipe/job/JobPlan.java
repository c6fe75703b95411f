package dev.fetchpipe.job;

import dev.fetchpipe.config.JobSettings;
import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.config.UrlSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The work of one job: its URLs in the order given, each with its file name, a URL listed again left out (it is
 * fetched once; see {@link RepeatedUrls}). A URL file is read lazily: the plan
 * knows only how many URLs there are, and {@link #stream()} reads the file again, line by line, as its consumer
 * pulls. So a job of a million URLs holds in memory only the URLs it is working on, and the work queue's pull is the
 * backpressure. Every stream gives the same items (the same file names, in the same order).
 */
public final class JobPlan {
  private final String site;
  private final int size;
  private final int fetchable;
  private final int repeats;
  private final List<String> repeatedExamples;
  private final LineSource lines;
  /** job.layout = host-path: each file under its host's folder and its URL's path. */
  private final boolean hostPath;
  /** The names the first pass found wanted by more than one URL, for a numbered name to say why. */
  private final NameClashes clashes;

  /** Where the URL lines come from, each already checked: opened anew for each pass. */
  private interface LineSource {
    Iterator<UrlCheck> open();
  }

  private JobPlan(String site, int size, int fetchable, RepeatedUrls repeated, LineSource lines, boolean hostPath,
      NameClashes clashes) {
    this.site = site;
    this.hostPath = hostPath;
    this.clashes = clashes;
    this.size = size;
    this.fetchable = fetchable;
    this.repeats = repeated.repeats();
    this.repeatedExamples = repeated.examples();
    this.lines = lines;
  }

  /**
   * @param embeddedFlagsUrl the built-in origin's /flags URL when the job uses it, else null
   */
  public static JobPlan of(UrlSource source, String embeddedFlagsUrl) {
    return of(source, embeddedFlagsUrl, JobSettings.Layout.FLAT);
  }

  /** @param layout where in the output dir the files go (a line's own out= name wins) */
  public static JobPlan of(UrlSource source, String embeddedFlagsUrl, JobSettings.Layout layout) {
    boolean hostPath = layout == JobSettings.Layout.HOST_PATH;
    if (source instanceof UrlSource.Listed listed) return fromUrls(null, listed.urls(), hostPath);
    if (source instanceof UrlSource.FromFile fromFile) return fromFile(fromFile.file(), hostPath);
    UrlSource.Flags flags = (UrlSource.Flags) source;
    String site = flags.embedded() ? embeddedFlagsUrl : flags.baseUrl();
    return fromUrls(site, flagUrls(site, flags.codes()), hostPath);
  }

  static JobPlan fromUrls(String site, List<String> urls) {
    return fromUrls(site, urls, false);
  }

  private static JobPlan fromUrls(String site, List<String> urls, boolean hostPath) {
    List<String> copy = List.copyOf(urls);
    boolean json = copy.stream().filter(url -> !UrlCheck.trimmed(url).isEmpty()).findFirst().map(UrlLine::isJson)
        .orElse(false);
    return survey(site, () -> IntStream.range(0, copy.size()).mapToObj(i -> listed(copy.get(i), i, json)).iterator(),
        hostPath);
  }

  /** An entry of a list given in the config (or on stdin): read like a file's line, but never skipped. */
  private static UrlCheck listed(String entry, int at, boolean json) {
    String text = UrlCheck.trimmed(entry);
    String where = "URL " + (at + 1);
    return (text.isEmpty() ? UrlCheck.of(text) : UrlLine.read(text, where, json)).at(where);
  }

  /** What the summary names as the job's site: the flags base URL, or the first hosts of the URLs. */
  public String site() {
    return site;
  }

  /** How many URLs the job has, usable or not. */
  public int size() {
    return size;
  }

  /** How many of them are usable http(s) URLs. */
  public int fetchable() {
    return fetchable;
  }

  /** Lines left out because their URL was listed before (it is fetched once): not counted in {@link #size()}. */
  public int repeats() {
    return repeats;
  }

  /** The first few URLs listed more than once. */
  public List<String> repeatedExamples() {
    return repeatedExamples;
  }

  /** The items, read afresh and lazily; close the stream to release a URL file early. */
  public Stream<JobItem> stream() {
    ItemReader reader = new ItemReader(new RepeatedUrls(lines.open()), hostPath, clashes.pass());
    return StreamSupport.stream(Spliterators.spliterator(reader, size, Spliterator.ORDERED | Spliterator.NONNULL), false)
        .onClose(reader::close);
  }

  /** Every item in memory: for small jobs and tests; the pipeline uses {@link #stream()}. */
  public List<JobItem> items() {
    try (Stream<JobItem> items = stream()) {
      return items.toList();
    }
  }

  /**
   * One pass over the lines to count them, name the site and find the names more than one URL wants; nothing else is
   * kept.
   */
  private static JobPlan survey(String site, LineSource lines, boolean hostPath) {
    int size = 0;
    int fetchable = 0;
    List<String> hosts = new ArrayList<>();
    FileNames names = new FileNames();
    NameClashes clashes = new NameClashes();
    RepeatedUrls distinct = new RepeatedUrls(lines.open());
    for (Iterator<UrlCheck> it = distinct; it.hasNext(); ) {
      UrlCheck url = it.next();
      size++;
      if (!url.usable()) continue;
      fetchable++;
      String wanted = claim(names, url, hostPath).wanted();
      if (wanted != null) clashes.wantedAgain(wanted);
      URI uri = url.uri();
      String origin = uri.getScheme().toLowerCase(Locale.ROOT) + "://" + hostAndPort(uri);
      if (hosts.size() < 4 && !hosts.contains(origin)) hosts.add(origin);
    }
    return new JobPlan(site != null ? site : describe(hosts), size, fetchable, distinct, lines, hostPath, clashes);
  }

  /** The name {@code url} is given: its line's out= name, else as the layout says. */
  private static FileNames.Claimed claim(FileNames names, UrlCheck url, boolean hostPath) {
    String out = url.options().out();
    return out == null && hostPath ? names.claimHostPath(url.uri()) : names.claim(url.uri(), out);
  }

  /** Turns lines into items as they are pulled, claiming each usable URL a unique file name. */
  private static final class ItemReader implements Iterator<JobItem> {
    private final RepeatedUrls lines;
    private final FileNames names = new FileNames();
    private final boolean hostPath;
    private final NameClashes.Pass clashes;
    private int index;

    ItemReader(RepeatedUrls lines, boolean hostPath, NameClashes.Pass clashes) {
      this.lines = lines;
      this.hostPath = hostPath;
      this.clashes = clashes;
    }

    @Override
    public boolean hasNext() {
      return lines.hasNext();
    }

    @Override
    public JobItem next() {
      UrlCheck url = lines.next();
      int at = index++;
      if (!url.usable()) return new JobItem(at, url.url(), null, url.problem());
      UrlOptions options = url.options();
      FileNames.Claimed name = claim(names, url, hostPath);
      return new JobItem(at, url.url(), name.name(), null, name.note(), options.sha256(), options.headers(),
          clashes.given(at, url.url(), url.where(), name));
    }

    void close() {
      if (lines.source() instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  /** "h:8000". A host java.net.URI only knows as an authority (e.g. "under_score.example") is taken as it is. */
  private static String hostAndPort(URI uri) {
    if (uri.getHost() == null) return uri.getRawAuthority();
    return uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
  }

  /** The flags form of Fluent Python's flags2 scripts: {base}/{cc}/{cc}.gif, cc lower-cased. */
  static List<String> flagUrls(String base, List<String> codes) {
    List<String> urls = new ArrayList<>(codes.size());
    for (String code : codes) {
      String cc = code.toLowerCase(Locale.ROOT);
      urls.add(base + "/" + cc + "/" + cc + ".gif");
    }
    return urls;
  }

  /**
   * A URL file: UTF-8, with or without a byte order mark, any line endings; blank lines and lines starting with #
   * skipped; a line may carry options after a tab, or the file is JSON Lines (see {@link UrlLine}); a line that is not UTF-8 is one unusable item saying so, with its line number, like any other bad line.
   * It need not be a regular file (a named pipe from {@code <(...)} is read twice, so it must be a file);
   * a file with no URL line at all is an error, as an empty {@code urls} list is.
   */
  private static JobPlan fromFile(Path file, boolean hostPath) {
    String key = "fetchpipe.job.url-file";
    if (!Files.exists(file)) throw new SettingsException(key, "no such file: " + file);
    if (Files.isDirectory(file)) throw new SettingsException(key, file + " is a directory, not a file of URLs");
    if (!Files.isRegularFile(file)) {
      throw new SettingsException(key, file + " is not a regular file (fetchpipe reads it more than once; save it to a file)");
    }
    JobPlan plan;
    try {
      plan = survey(null, () -> new UrlLines(file), hostPath);
    } catch (UncheckedIOException e) {
      throw new SettingsException(key, "cannot read " + file + ": " + e.getCause().getMessage());
    }
    if (plan.size() == 0) throw new SettingsException(key, file + " has no URLs (only blank lines and # comments)");
    return plan;
  }

  /**
   * The URL lines of a file, read one at a time ({@link LineReader}) and checked; the file is closed at its end (or by
   * {@link #close}). Each line is decoded on its own, so one line that is not UTF-8 spoils only itself.
   */
  private static final class UrlLines implements Iterator<UrlCheck>, AutoCloseable {
    private final LineReader lines;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private int lineNumber;
    /** Whether the file is JSON Lines: decided by its first non-blank line; null before that. */
    private Boolean json;
    private UrlCheck next;

    UrlLines(Path file) {
      try {
        this.lines = new LineReader(Files.newInputStream(file));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      advance();
    }

    /**
     * Skips to the next URL line. Lines are trimmed of invisible characters too: Windows editors start UTF-8 files
     * with a byte order mark, which decodes to the first line's first character, and text pasted from a web page
     * brings no-break spaces.
     */
    private void advance() {
      try {
        for (byte[] bytes = lines.next(); bytes != null; bytes = lines.next()) {
          lineNumber++;
          String text;
          try {
            text = utf8.decode(ByteBuffer.wrap(bytes)).toString();
          } catch (CharacterCodingException e) {
            String shown = UrlCheck.trimmed(new String(bytes, StandardCharsets.ISO_8859_1));
            next = UrlCheck.unusable(shown, "line " + lineNumber + " is not UTF-8 text");
            return;
          }
          String line = UrlCheck.trimmed(text);
          if (!line.isEmpty() && json == null) json = UrlLine.isJson(line);
          if (!line.isEmpty() && !line.startsWith("#")) {
            next = UrlLine.read(line, "line " + lineNumber, json).at("line " + lineNumber);
            return;
          }
        }
        next = null;
        lines.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public boolean hasNext() {
      return next != null;
    }

    @Override
    public UrlCheck next() {
      if (next == null) throw new NoSuchElementException();
      UrlCheck url = next;
      advance();
      return url;
    }

    @Override
    public void close() throws IOException {
      lines.close();
    }
  }

  private static String describe(List<String> hosts) {
    if (hosts.isEmpty()) return "(no usable URLs)";
    return hosts.size() < 4 ? String.join(", ", hosts) : String.join(", ", hosts.subList(0, 3)) + " and others";
  }
}
