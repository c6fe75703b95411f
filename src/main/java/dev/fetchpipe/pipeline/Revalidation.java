package dev.fetchpipe.pipeline;

import dev.fetchpipe.journal.JournalEntry;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * A saved file whose server is asked whether it changed since ({@code job.refresh = if-changed}), by the validator
 * journaled with it: a strong ETag goes in {@code If-None-Match}, a Last-Modified date in {@code If-Modified-Since}. A
 * 304 to that request keeps the file; a 304 to a request that asked no such thing is an error ({@link HeadDecision}).
 * Plain logic, tested on its own.
 */
record Revalidation(String validator) {

  Revalidation {
    if (!JournalEntry.usableValidator(validator)) throw new IllegalArgumentException("not a usable validator");
  }

  /** {@code request} asking for the body only if it is no longer what {@code revalidation} names; as it is for null. */
  static HttpRequest ask(Revalidation revalidation, HttpRequest request) {
    if (revalidation == null) return request;
    String header = revalidation.validator.startsWith("\"") ? "If-None-Match" : "If-Modified-Since";
    return request.addHeader(RawHeader.create(header, revalidation.validator));
  }
}
