package dev.fetchpipe.pipeline;

import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.journal.JournalEntry;
import java.util.function.Consumer;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * A file an earlier run saved, whose server is asked whether it changed since ({@code job.refresh = if-changed}), by
 * the validator journaled with it ({@code saved}, its journal line): a strong ETag goes in {@code If-None-Match}, a
 * Last-Modified date in {@code If-Modified-Since}. A 304 to that request keeps the file ({@link Unchanged}: the writer
 * checks it is still there as saved); a 304 to a request that asked no such thing is an error ({@link HeadDecision}).
 * Plain logic, tested on its own.
 */
record Revalidation(JournalEntry saved) {

  Revalidation {
    if (saved == null || !JournalEntry.usableValidator(saved.validator())) {
      throw new IllegalArgumentException("not a saved file's line with a usable validator");
    }
  }

  /** The revalidation of the file {@code saved} vouches for, or null when there is none to ask about. */
  static Revalidation of(JournalEntry saved) {
    return saved == null ? null : new Revalidation(saved);
  }

  /** {@code request} asking for the body only if it is no longer what {@code revalidation} names; as it is for null. */
  static HttpRequest ask(Revalidation revalidation, HttpRequest request) {
    if (revalidation == null) return request;
    String validator = revalidation.saved.validator();
    String header = validator.startsWith("\"") ? "If-None-Match" : "If-Modified-Since";
    return request.addHeader(RawHeader.create(header, validator));
  }

  /** What a 304 to the request leaves: the saved file, for the writer to confirm in place. */
  BodyReader.Body unchanged() {
    return new Unchanged(saved);
  }

  /** The answer to a revalidation was 304 Not Modified: no body, the earlier run's file stands if it is still there. */
  record Unchanged(JournalEntry saved) implements BodyReader.Body {
    @Override
    public DiskWriter.Command saveAs(JobItem item, Consumer<DiskWriter.Result> whenDone) {
      return new DiskWriter.Confirm(item.fileName(), saved, whenDone);
    }

    @Override
    public BodyReader.Body named(String disposition) {
      return this;
    }
  }
}
