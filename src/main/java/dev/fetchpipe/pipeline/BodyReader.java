package dev.fetchpipe.pipeline;

import dev.fetchpipe.config.FetchSettings;
import dev.fetchpipe.config.JobSettings;
import dev.fetchpipe.config.WriterSettings;
import dev.fetchpipe.job.DispositionName;
import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.job.OutputDir;
import dev.fetchpipe.report.Durations;
import dev.fetchpipe.report.PlainWords;
import java.io.IOException;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.ResponseEntity;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.ActorAttributes;
import org.apache.pekko.stream.IOOperationIncompleteException;
import org.apache.pekko.stream.IOResult;
import org.apache.pekko.stream.KillSwitch;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.StreamIdleTimeoutException;
import org.apache.pekko.stream.StreamLimitReachedException;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.FileIO;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * How a fetcher reads a 2xx body, and what a failed read means: stream plumbing with no actor state, so the
 * {@link Fetcher} keeps only its stages. A body is read into memory when its size is known and at most
 * writer.stream-above, or unknown (chunked: most such bodies are small) until one outgrew that; any other goes straight
 * into a temporary file on the blocking-io dispatcher, hashed on the way. Either way it is cut off when it grows past
 * max-body-size, goes idle for idle-timeout, or its kill switch is pulled. Bytes are counted in the job's gauges as
 * they arrive, and those still to come of a declared length, for the progress line and the estimate of the time left.
 */
final class BodyReader {

  /** What reading a body started as. */
  sealed interface Start {}

  /** Not read: too large by its Content-Length, or no temporary file may be made for it. Its bytes are discarded. */
  record Refused(String error) implements Start {}

  /**
   * The whole body came with the headers: nothing to run, nothing to wait for. {@code saved}: see {@link InMemory};
   * {@code disposition}: see {@link Body}.
   */
  record Whole(ByteString bytes, String saved, String disposition) implements Start {
    Whole(ByteString bytes, String saved) {
      this(bytes, saved, null);
    }

    InMemory body() {
      return new InMemory(bytes, saved, disposition);
    }
  }

  /**
   * Being read: {@code body} completes with it whole, or fails; {@code temp} is the file it goes to, or null in
   * memory. {@code partial} is that file as a body to continue if this one is cut off ({@link #keptAfter}), or null
   * when it is a temporary file, deleted if cut.
   */
  record Reading(KillSwitch killSwitch, CompletionStage<Body> body, Path temp, PartialBody partial) implements Start {
    Reading(KillSwitch killSwitch, CompletionStage<Body> body, Path temp) {
      this(killSwitch, body, temp, null);
    }
  }

  /**
   * A body read whole. {@code disposition} is the safe name its response's Content-Disposition asked for, when
   * job.names = content-disposition (see {@link DispositionName}), else null.
   */
  sealed interface Body permits InMemory, OnDisk, Revalidation.Unchanged {
    /** The writer's order to save it as {@code item}'s file; {@code whenDone} hears how that went. */
    DiskWriter.Command saveAs(JobItem item, Consumer<DiskWriter.Result> whenDone);

    /** This body with the name its response's Content-Disposition asked for. */
    Body named(String disposition);
  }

  /**
   * A body in memory. {@code saved}: the response's validator ({@link PartialBody#validator}), journaled with the saved
   * file so that a later run may ask whether it changed; null when it had none.
   */
  record InMemory(ByteString bytes, String saved, String disposition) implements Body {
    InMemory(ByteString bytes, String saved) {
      this(bytes, saved, null);
    }

    InMemory(ByteString bytes) {
      this(bytes, null);
    }

    @Override
    public DiskWriter.Command saveAs(JobItem item, Consumer<DiskWriter.Result> whenDone) {
      return new DiskWriter.Write(item.url(), item.fileName(), disposition, bytes, item.sha256(), whenDone, saved);
    }

    @Override
    public Body named(String name) {
      return new InMemory(bytes, saved, name);
    }
  }

  /**
   * A body in the file {@code temp}. {@code resumed}: its first bytes were kept from an earlier, cut-off body, and
   * {@code sha256} is null (the writer hashes the whole file). {@code saved}: as for {@link InMemory}.
   */
  record OnDisk(Path temp, long bytes, String sha256, long resumed, String saved, String disposition) implements Body {
    OnDisk(Path temp, long bytes, String sha256, long resumed, String saved) {
      this(temp, bytes, sha256, resumed, saved, null);
    }

    OnDisk(Path temp, long bytes, String sha256) {
      this(temp, bytes, sha256, 0, null);
    }

    @Override
    public DiskWriter.Command saveAs(JobItem item, Consumer<DiskWriter.Result> whenDone) {
      return new DiskWriter.Commit(item.url(), item.fileName(), disposition, temp, bytes, sha256, item.sha256(), whenDone,
          resumed, saved);
    }

    @Override
    public Body named(String name) {
      return new OnDisk(temp, bytes, sha256, resumed, saved, name);
    }
  }

  /** What a failed read means for the URL. */
  enum Failure {
    /** More arrived than max-body-size: an ERROR. */
    TOO_LARGE,
    /**
     * The server broke HTTP in the body (a chunk that is not HTTP, or data its Content-Encoding does not decode): an
     * ERROR, since asking again would not help.
     */
    PROTOCOL,
    /** A body of unknown size outgrew memory: ask again and stream it to disk this time. Not a failure of the URL. */
    OUTGREW_MEMORY,
    /** The disk refused the partial file (full, no permission): an ERROR, since asking again would not help. */
    DISK,
    /** The network failed it (cut off, stalled): transient, tried again while attempts are left. */
    TRANSIENT
  }

  private final FetchSettings fetch;
  private final WriterSettings writer;
  private final Path outputDir;
  /** job.names = content-disposition: a body is saved under its response's Content-Disposition name when free. */
  private final boolean dispositionNames;
  private final FetchGauges gauges;
  private final BodyCollector inMemory;
  private final Materializer materializer;
  /** job.resume-partial: a body streamed to disk that can be continued is kept when cut off. */
  private final boolean resumePartial;

  BodyReader(FetchSettings fetch, WriterSettings writer, Path outputDir, FetchGauges gauges, BodyCollector inMemory,
      Materializer materializer) {
    this(fetch, writer, outputDir, gauges, inMemory, materializer, false);
  }

  BodyReader(FetchSettings fetch, WriterSettings writer, Path outputDir, FetchGauges gauges, BodyCollector inMemory,
      Materializer materializer, boolean resumePartial) {
    this(fetch, writer, new JobSettings(null, outputDir, false, JobSettings.Layout.FLAT, resumePartial), gauges,
        inMemory, materializer);
  }

  BodyReader(FetchSettings fetch, WriterSettings writer, JobSettings job, FetchGauges gauges, BodyCollector inMemory,
      Materializer materializer) {
    this.resumePartial = job.resumePartial();
    this.fetch = fetch;
    this.writer = writer;
    this.outputDir = job.outputDir();
    this.dispositionNames = job.names() == JobSettings.Names.CONTENT_DISPOSITION;
    this.gauges = gauges;
    this.inMemory = inMemory;
    this.materializer = materializer;
  }

  /**
   * Starts reading {@code response}'s body, decoded when fetch.decode says so ({@link BodyDecoding}).
   *
   * @param from the kept part of this body when the response is the rest of it (a 206 {@link PartialBody.Answer#APPEND}):
   *             appended to its partial file; null for a whole body
   */
  Start start(HttpResponse response, String fileName, PartialBody from, boolean streamUnknownSize) {
    ResponseEntity entity;
    try {
      entity = BodyDecoding.entity(response, fetch.request().decode());
    } catch (BodyDecoding.Undecodable undecodable) {
      cancel(response.entity());
      return new Refused(undecodable.getMessage());
    }
    // Only a body sent as it is can be continued: a range counts the bytes sent, not the decoded ones.
    String saved = PartialBody.validator(response);
    String validator = resumePartial && PartialBody.unencoded(response) ? saved : null;
    return named(start(entity, fileName, from, validator, saved, streamUnknownSize), response);
  }

  /** {@code start}, its body named after the response's Content-Disposition when job.names says so. */
  private Start named(Start start, HttpResponse response) {
    String disposition = dispositionNames
        ? DispositionName.of(response.getHeader("content-disposition").map(HttpHeader::value).orElse(null)) : null;
    if (disposition == null) return start;
    if (start instanceof Whole whole) return new Whole(whole.bytes(), whole.saved(), disposition);
    if (start instanceof Reading reading) {
      return new Reading(reading.killSwitch(), reading.body().thenApply(body -> body.named(disposition)), reading.temp(),
          reading.partial());
    }
    return start;
  }

  /** Starts reading {@code entity}, the whole body of the file {@code fileName}, which will not be continued. */
  Start start(ResponseEntity entity, String fileName, boolean streamUnknownSize) {
    return start(entity, fileName, null, null, null, streamUnknownSize);
  }

  /**
   * Starts reading {@code entity}, the body of the file {@code fileName}.
   *
   * @param from              see {@link #start(HttpResponse, String, PartialBody, boolean)}
   * @param validator         what a body streamed to disk may be continued under if it is cut off (see
   *                          {@link PartialBody#validator}), or null: then it goes to a temporary file, deleted if cut
   * @param saved             the validator journaled with the saved file ({@link InMemory}), or null
   * @param streamUnknownSize a body of unknown size outgrew memory before: this one goes to disk too
   */
  private Start start(ResponseEntity entity, String fileName, PartialBody from, String validator, String saved,
      boolean streamUnknownSize) {
    long kept = from == null ? 0 : from.bytes();
    long limit = fetch.maxBodySize() - kept;
    var declared = entity.getContentLengthOption();
    if (declared.isPresent() && declared.getAsLong() > limit) {
      cancel(entity);
      return new Refused(tooLarge("Content-Length is " + (kept + declared.getAsLong())));
    }
    // The rest of a kept body always goes after it, on disk, however small.
    boolean small = from == null && (declared.isPresent() ? declared.getAsLong() <= writer.streamAbove() : !streamUnknownSize);
    // A byte rate holds small bodies too, even one that came whole with its headers: else many small files outrun it.
    boolean paced = gauges.bytes().paced();
    if (small && !paced && entity instanceof HttpEntity.Strict strict) {
      // The whole body came with the headers (small bodies usually do): no stream to run.
      gauges.receivedBytes(strict.getData().size());
      return new Whole(strict.getData(), saved);
    }
    Source<ByteString, ?> body = entity.withSizeLimit(limit).getDataBytes();
    long length = declared.isPresent() ? declared.getAsLong() : 0;
    if (small) return collect(paced ? body.via(gauges.bytes().pace(fetch.idleTimeout())) : body, paced, length, saved);
    try {
      OutputDir.resolveInside(outputDir, fileName);
      PartialBody partial = from != null ? from
          : validator != null ? new PartialBody(OutputDir.partialFile(outputDir, fileName), 0, validator) : null;
      Path temp = partial != null ? partial.file() : AtomicFile.tempIn(outputDir, fileName);
      // A streamed body is always paced: a rate set while it arrives holds it from then on.
      return toFile(body.via(gauges.bytes().pace(fetch.idleTimeout())), temp, partial, length, saved);
    } catch (IllegalArgumentException refused) {
      cancel(entity);
      return new Refused("write failed: " + PlainWords.of(refused));
    }
  }

  /** Cuts a body off (its connection goes too), saying why; returns why. */
  static String cut(KillSwitch body, String why) {
    body.abort(new IllegalStateException(why));
    return why;
  }

  /** Reads none of a body nobody wants: its connection closes, rather than carrying the whole body for nothing. */
  private void cancel(ResponseEntity entity) {
    entity.getDataBytes().runWith(Sink.cancelled(), materializer);
  }

  /**
   * @param paced  the body is paced, its idle timeout counted by the pace (see {@link PacedBody})
   * @param length the body's declared length, 0 when not declared: counted as still to come until the body ends
   */
  private Reading collect(Source<ByteString, ?> body, boolean paced, long length, String saved) {
    gauges.bytesLeft(length);
    BodyCollector.Reading reading = inMemory.read(body, paced ? null : fetch.idleTimeout(), writer.streamAbove());
    return new Reading(reading.killSwitch(), reading.body().whenComplete((bytes, failure) -> gauges.bytesLeft(-length))
        .thenApply(bytes -> {
          gauges.receivedBytes(bytes.size());
          return new InMemory(bytes, saved);
        }), null);
  }

  /**
   * The file sink runs on the blocking-io dispatcher, like every other disk operation. The body comes paced, its idle
   * timeout counted there. A body after a kept part ({@code partial} with bytes) is appended to it and hashed whole by
   * the writer; one that may be continued truncates its partial file (an older body's); any other gets a new file.
   */
  private Reading toFile(Source<ByteString, ?> body, Path temp, PartialBody partial, long length, String saved) {
    long kept = partial == null ? 0 : partial.bytes();
    MessageDigest sha256 = kept > 0 ? null : AtomicFile.sha256();
    // What is still to come of a declared length: read chunk by chunk, and the rest once the body ends, however.
    AtomicLong toCome = new AtomicLong(length);
    gauges.bytesLeft(length);
    // Never through a link someone put in the partial file's place.
    Set<OpenOption> options = kept > 0 ? Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS)
        : partial != null
            ? Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS)
            : Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    // The digest is only touched by the stream until it completes, and read after that.
    Pair<UniqueKillSwitch, CompletionStage<IOResult>> running = body
        .viaMat(KillSwitches.single(), Keep.right())
        .map(chunk -> {
          if (sha256 != null) chunk.getByteBuffers().forEach(sha256::update);
          gauges.receivedBytes(chunk.size());
          long counted = Math.min(chunk.size(), Math.max(0, toCome.getAndAdd(-chunk.size())));
          gauges.bytesLeft(-counted);
          return chunk;
        })
        .toMat(FileIO.toPath(temp, options).withAttributes(ActorAttributes.dispatcher(writer.dispatcher())), Keep.both())
        .run(materializer);
    running.second().whenComplete((written, failure) -> gauges.bytesLeft(-Math.max(0, toCome.getAndSet(0))));
    return new Reading(running.first(), running.second().thenApply(written -> new OnDisk(temp, kept + written.count(),
        sha256 == null ? null : HexFormat.of().formatHex(sha256.digest()), kept, saved)), temp, partial);
  }

  /**
   * What is kept of {@code partial}'s file after its body failed with {@code failure}, for the next request to
   * continue; null when nothing is: nothing was written, or how much is not known.
   */
  static PartialBody keptAfter(PartialBody partial, Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof IOOperationIncompleteException incomplete) {
        long bytes = partial.bytes() + incomplete.count();
        return bytes > 0 ? new PartialBody(partial.file(), bytes, partial.validator()) : null;
      }
    }
    return null;
  }

  /** What {@code cause} (unwrapped) means for a read into a file ({@code toFile}) or into memory. */
  static Failure failure(Throwable cause, boolean toFile) {
    if (cause instanceof EntityStreamSizeException) return Failure.TOO_LARGE;
    // Before DISK: a decoder's ZipException is an IOException too, but the body is at fault, not the disk.
    if (cause instanceof java.util.zip.ZipException) return BodyDecoding.corrupt(cause) ? Failure.PROTOCOL : Failure.TRANSIENT;
    if (FetchFailures.protocolViolation(cause) != null) return Failure.PROTOCOL;
    if (cause instanceof StreamLimitReachedException && !toFile) return Failure.OUTGREW_MEMORY;
    // The file sink reports its own failures as IOExceptions; Pekko's network errors are not.
    if (toFile && cause instanceof IOException) return Failure.DISK;
    return Failure.TRANSIENT;
  }

  /** The error a failed read ends its attempt with. */
  String error(Failure failure, Throwable cause) {
    return switch (failure) {
      case TOO_LARGE -> tooLarge("more arrived");
      case PROTOCOL -> BodyDecoding.corrupt(cause)
          ? "body is not valid " + "gzip or deflate, as its Content-Encoding said: " + PlainWords.of(cause)
          : FetchFailures.protocolViolation(cause);
      case DISK -> "write failed: " + FetchFailures.reason(cause);
      case OUTGREW_MEMORY -> "body larger than writer.stream-above (" + writer.streamAbove() + " bytes) in memory";
      case TRANSIENT -> cause instanceof StreamIdleTimeoutException
          ? "body stalled: nothing arrived for " + millis(fetch.idleTimeout())
          : "body failed: " + FetchFailures.reason(cause);
    };
  }

  private String tooLarge(String detail) {
    return "body larger than fetch.max-body-size (" + fetch.maxBodySize() + " bytes): " + detail;
  }

  private static String millis(Duration duration) {
    return Durations.words(duration);
  }
}
