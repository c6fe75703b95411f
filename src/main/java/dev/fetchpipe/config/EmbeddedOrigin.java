package dev.fetchpipe.config;

/**
 * The built-in origin a job with {@code base-url = embedded} fetches from, started by whoever runs the job (run, the
 * daemon; compare and sweep share one per origin setting): where its flags are, and how to stop it. The job's
 * preparation closes it with the job, and never starts one.
 */
public interface EmbeddedOrigin extends AutoCloseable {

  /** The URL the job's flags are under, e.g. {@code http://127.0.0.1:PORT/flags}. */
  String flagsUrl();

  @Override
  void close();
}
