package dev.fetchpipe.pipeline;

import dev.fetchpipe.config.CookieFile;
import dev.fetchpipe.job.OutputDir;
import dev.fetchpipe.job.TakenNames;
import dev.fetchpipe.journal.Journal;
import dev.fetchpipe.journal.JournalEntry;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.report.PlainWords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the job does to the output dir after it starts: saves files and keeps the journal. Spawned on the
 * blocking-io dispatcher; each operation runs as a task on that same dispatcher, so up to its pool size files are
 * written at once and no disk operation ever holds a fetcher's thread (the JVM's answer to asyncio's
 * run_in_executor). A file is saved whole under a temporary name and renamed into place; its journal line is appended
 * right after, on the same thread. Answers each {@link Write} and {@link Commit} with {@link Written} or
 * {@link WriteFailed}, from that thread.
 */
public final class DiskWriter extends AbstractBehavior<DiskWriter.Command> {

  public interface Command {}

  /**
   * Save {@code body}, collected in memory, as {@code fileName} in the output dir. {@code whenDone} hears how it went,
   * on the writer's thread as soon as the file is in place: it only sends messages (to an actor's ref, or the URL's
   * result to the supervisor, see {@link UrlEnding}), so that whoever sent the body need not wait for the disk.
   * {@code disposition}: the name the server's Content-Disposition gave, or null (see {@link DispositionPlacement}).
   */
  public record Write(String url, String fileName, String disposition, ByteString body, String expectedSha256,
      Consumer<Result> whenDone, String validator) implements Command {
    public Write(String url, String fileName, ByteString body, String expectedSha256, Consumer<Result> whenDone,
        String validator) {
      this(url, fileName, null, body, expectedSha256, whenDone, validator);
    }

    public Write(String url, String fileName, ByteString body, String expectedSha256, Consumer<Result> whenDone) {
      this(url, fileName, null, body, expectedSha256, whenDone, null);
    }
  }

  /**
   * Rename {@code temp}, a body already streamed to disk, to {@code fileName}; the rest as for {@link Write}.
   * {@code resumed}: its first bytes were kept from a body cut off earlier, and {@code sha256} is null; the file is
   * checked to hold {@code bytes} and hashed whole first (see {@link PartialBody}). {@code validator}: the response's,
   * journaled with the file (see {@link JournalEntry#saved}), or null.
   */
  public record Commit(String url, String fileName, String disposition, Path temp, long bytes, String sha256,
      String expectedSha256, Consumer<Result> whenDone, long resumed, String validator) implements Command {
    public Commit(String url, String fileName, Path temp, long bytes, String sha256, String expectedSha256,
        Consumer<Result> whenDone, long resumed, String validator) {
      this(url, fileName, null, temp, bytes, sha256, expectedSha256, whenDone, resumed, validator);
    }

    public Commit(String url, String fileName, Path temp, long bytes, String sha256, String expectedSha256,
        Consumer<Result> whenDone) {
      this(url, fileName, null, temp, bytes, sha256, expectedSha256, whenDone, 0, null);
    }
  }

  /** Delete a temporary file whose body failed; no answer (a failure is logged). */
  public record Discard(Path temp) implements Command {}

  /**
   * A 304 Not Modified answered the revalidation of {@code saved}'s file ({@link Revalidation}): answered
   * {@link Unchanged} when the file is still in the output dir at the size journaled, else {@link Gone}. Its journal
   * line, carried over from the earlier run, stands as it is.
   */
  public record Confirm(String fileName, JournalEntry saved, Consumer<Result> whenDone) implements Command {}

  /** Append a final outcome other than a saved file to the journal; no answer (a failure is logged). */
  public record Record(JournalEntry entry) implements Command {}

  /**
   * Writes a job's cookie jar to fetch.cookies.save at its end ({@link CookieFile#write}: atomically, mode 0600), before
   * the {@link Flush} that follows it is answered. A failure is logged: the job's files are not the worse for it.
   */
  public record SaveCookies(Path file, java.util.List<CookieFile.Cookie> cookies) implements Command {}

  /**
   * Answered with {@link Flushed} once every operation asked for before it has ended: the job's last journal lines
   * are written before its journal is closed (in a long-lived system nothing else waits for the writer's threads).
   */
  public record Flush(ActorRef<Flushed> replyTo) implements Command {}

  public enum Flushed { INSTANCE }

  public sealed interface Result {}

  /**
   * The file is in place, whole, and in the journal. {@code thread} is the thread that wrote it; {@code resumed} how
   * many of its first bytes were kept from a body cut off earlier; {@code note} says where its server's
   * Content-Disposition name went, or is null. {@code validator} is the one journaled with it (see
   * {@link JournalEntry#saved(String, String, long, String, String)}), or null: a node of a cluster, whose writer
   * keeps no journal, sends it on to its coordinator, which journals it.
   */
  public record Written(Path path, long bytes, String sha256, String thread, long resumed, String note,
      String validator) implements Result {
    public Written(Path path, long bytes, String sha256, String thread, long resumed) {
      this(path, bytes, sha256, thread, resumed, null, null);
    }

    public Written(Path path, long bytes, String sha256, String thread) {
      this(path, bytes, sha256, thread, 0, null, null);
    }
  }

  /** The file an earlier run saved is still there, and its server says it has not changed since: {@code file} is it. */
  public record Unchanged(Written file) implements Result {}

  /** The server says the file has not changed, but it is no longer there as an earlier run saved it: {@code why}. */
  public record Gone(String fileName, String why) implements Result {}

  /** Nothing was saved under the final name. */
  public record WriteFailed(String fileName, String reason) implements Result {}

  /** The body's SHA-256 is not the one its URL line asked for: nothing was saved under the final name. */
  public record Mismatched(String fileName, String expected, String got) implements Result {}

  private interface DiskTask {
    Result run() throws IOException;
  }

  private static final Logger LOG = LoggerFactory.getLogger(DiskWriter.class);

  /** @param journal where each saved file is journaled, or null for a node of a cluster (its coordinator journals) */
  public static Behavior<Command> create(Path outputDir, boolean fsync, Journal journal) {
    return create(outputDir, fsync, journal, reason -> {});
  }

  /**
   * @param dirGone hears, once and from a writer's thread, why the output dir is gone (removed or moved away while the
   *                job ran); from then on every operation fails without touching the disk
   */
  public static Behavior<Command> create(Path outputDir, boolean fsync, Journal journal, Consumer<String> dirGone) {
    return create(outputDir, fsync, journal, null, dirGone);
  }

  /** @param names the names a Content-Disposition may still have (job.names = content-disposition), or null */
  public static Behavior<Command> create(Path outputDir, boolean fsync, Journal journal, TakenNames names,
      Consumer<String> dirGone) {
    return Behaviors.setup(context -> new DiskWriter(context, outputDir, fsync, journal, names, dirGone));
  }

  private final Path outputDir;
  private final boolean fsync;
  private final Journal journal;
  private final TakenNames names;
  /** Whether the output dir is still there; asked after a failure only, so a healthy job pays nothing for it. */
  private final OutputDirWatch watch;
  /** Operations handed to the pool and not yet ended; counted on the pool's threads. */
  private final AtomicInteger pending = new AtomicInteger();
  /** Who waits for pending to reach zero, if anyone; taken by whichever thread sees it first. */
  private final AtomicReference<ActorRef<Flushed>> flushWaiter = new AtomicReference<>();

  private DiskWriter(ActorContext<Command> context, Path outputDir, boolean fsync, Journal journal, TakenNames names,
      Consumer<String> dirGone) {
    super(context);
    this.outputDir = outputDir;
    this.fsync = fsync;
    this.journal = journal;
    this.names = names;
    this.watch = new OutputDirWatch(outputDir, dirGone);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Write.class, write -> onDisk(write.fileName(), write.whenDone(), () -> save(write)))
        .onMessage(Commit.class, commit -> onDisk(commit.fileName(), commit.whenDone(), () -> commit(commit)))
        .onMessage(Confirm.class, confirm -> onDisk(confirm.fileName(), confirm.whenDone(), () -> confirm(confirm)))
        .onMessage(Discard.class, discard -> onDisk(null, null, () -> discard(discard.temp())))
        .onMessage(Record.class, record -> onDisk(null, null, () -> record(record.entry())))
        .onMessage(SaveCookies.class, save -> onDisk(null, null, () -> saveCookies(save)))
        .onMessage(Flush.class, this::onFlush)
        .build();
  }

  /**
   * Runs the task on this actor's own execution context, the blocking-io dispatcher, and answers from that thread
   * when it is done. The answer goes straight to whoever asked: routing it through this actor first would cost every
   * file one more message and one more wake-up of a blocking-io thread, and this actor has nothing to add to it.
   */
  private Behavior<Command> onDisk(String fileName, Consumer<Result> whenDone, DiskTask task) {
    pending.incrementAndGet();
    getContext().getExecutionContext().execute(() -> {
      Result result;
      try {
        // Once the dir is gone nothing is written, not even where a new dir of that name may stand now.
        String gone = watch.gone();
        result = gone != null ? new WriteFailed(fileName, gone) : task.run();
      } catch (IOException | RuntimeException e) {
        String gone = watch.checkAfterFailure();
        result = new WriteFailed(fileName, gone != null ? gone : PlainWords.of(e));
      } finally {
        if (pending.decrementAndGet() == 0) answerFlush();
      }
      if (whenDone != null) {
        whenDone.accept(result);
      } else if (result instanceof WriteFailed failed && watch.gone() == null) {
        // A discard or a journal line nobody waits for: the next run cleans the temp file and fetches the URL again.
        // Once the dir is gone, the job's end says so once; a line per URL would bury it.
        LOG.warn("disk operation failed: {}", failed.reason());
      }
    });
    return this;
  }

  private Behavior<Command> onFlush(Flush flush) {
    flushWaiter.set(flush.replyTo());
    // Either this sees nothing pending, or the thread that ends the last operation sees the waiter: one answers.
    if (pending.get() == 0) answerFlush();
    return this;
  }

  private void answerFlush() {
    ActorRef<Flushed> waiter = flushWaiter.getAndSet(null);
    if (waiter != null) waiter.tell(Flushed.INSTANCE);
  }

  private Result save(Write write) throws IOException {
    Path target = OutputDir.resolveInside(outputDir, write.fileName());
    OutputDir.createFolders(outputDir, write.fileName());
    AtomicFile.Written written;
    try {
      written = AtomicFile.write(AtomicFile.tempIn(outputDir, write.fileName()), target, write.body(), fsync,
          write.expectedSha256());
    } catch (AtomicFile.Mismatch mismatch) {
      return new Mismatched(write.fileName(), mismatch.expected, mismatch.got);
    }
    return saved(write.url(), write.fileName(), write.disposition(), target, written.bytes(), written.sha256(), 0,
        write.validator());
  }

  private Result commit(Commit commit) throws IOException {
    Path target = OutputDir.resolveInside(outputDir, commit.fileName());
    String expected = commit.expectedSha256();
    String sha256 = commit.sha256();
    if (commit.resumed() > 0) {
      // Its kept part was on disk between two requests, maybe two runs: it must be as long as the bodies written.
      long size = Files.size(commit.temp());
      if (size != commit.bytes()) {
        Files.deleteIfExists(commit.temp());
        return new WriteFailed(commit.fileName(), "its partial file changed while it was continued (" + size
            + " bytes, not " + commit.bytes() + "); it is fetched whole next time");
      }
      sha256 = AtomicFile.sha256(commit.temp());
    }
    if (expected != null && !expected.equals(sha256)) {
      Files.deleteIfExists(commit.temp());
      return new Mismatched(commit.fileName(), expected, sha256);
    }
    OutputDir.createFolders(outputDir, commit.fileName());
    AtomicFile.commit(commit.temp(), target, fsync);
    return saved(commit.url(), commit.fileName(), commit.disposition(), target, commit.bytes(), sha256, commit.resumed(),
        commit.validator());
  }

  private Result saved(String url, String fileName, String disposition, Path target, long bytes, String sha256,
      long resumed, String validator) throws IOException {
    DispositionPlacement.Placed placed = DispositionPlacement.place(outputDir, fileName, target, disposition, names);
    String savedAs = placed.fileName().equals(fileName) ? null : placed.fileName();
    JournalEntry line = JournalEntry.saved(url, fileName, bytes, sha256, validator).savedAs(savedAs);
    if (journal != null) journal.append(line);
    return new Written(placed.path(), bytes, sha256, WriterThreads.label(Thread.currentThread()), resumed, placed.note(),
        line.validator());
  }

  private Result confirm(Confirm confirm) throws IOException {
    JournalEntry saved = confirm.saved();
    Path file = OutputDir.resolveInside(outputDir, saved.savedFile());
    if (!Files.isRegularFile(file) || Files.size(file) != saved.bytes()) {
      return new Gone(confirm.fileName(), saved.savedFile() + " is no longer in the output dir as an earlier run saved it"
          + " (the next run fetches it whole)");
    }
    return new Unchanged(new Written(file, saved.bytes(), saved.sha256(), WriterThreads.label(Thread.currentThread()), 0,
        "not modified on its server since an earlier run saved it", saved.validator()));
  }

  private Result discard(Path temp) throws IOException {
    Files.deleteIfExists(temp);
    return null;
  }

  private Result saveCookies(SaveCookies save) throws IOException {
    CookieFile.write(save.file(), save.cookies());
    return null;
  }

  private Result record(JournalEntry entry) throws IOException {
    if (journal != null) journal.append(entry); // a node of a cluster: its coordinator journals
    return null;
  }
}
