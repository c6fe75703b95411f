package dev.fetchpipe.client;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * A client command's start-up work done on a second thread while the main thread parses the command line (picocli
 * takes most of 0.15 s there): fetchpipe's reference.conf parsed, and Jackson's readers of the daemon's answers built.
 * The daemon's job has not started yet, so the second core has nothing else to do; the JVM runs all this cold, so the
 * time goes on CPU, and on two cores half of it is saved.
 *
 * <p>Only work whose result is shared: the reference is parsed once (a class's holder, which the main thread waits
 * for if it is still being parsed), and the mapper keeps the readers it built. Nothing here can fail a command: a
 * daemon thread whose exceptions are ignored, so the main thread meets any real problem itself, with its usual message.
 */
public final class ClientWarmup {
  /** What the daemon answers, in the shape it has, so that Jackson builds the very readers the command will use. */
  static final String SUBMITTED = "{\"id\": \"J\", \"links\": {\"self\": \"/api/jobs/J\"}, \"progress\": {\"style\":"
      + " \"auto\", \"spinnerIntervalMs\": 100, \"plainIntervalMs\": 2000}}";
  static final String STATUS = "{\"id\": \"J\", \"state\": \"RUNNING\", \"total\": 1, \"settings\":"
      + " {\"maxInFlight\": 1, \"maxPerHost\": 1, \"writerThreads\": 1}, \"cancellation\": null, \"renamed\": 0,"
      + " \"failures\": [{\"index\": 0, \"url\": \"http://h/\", \"outcome\": \"ERROR\", \"error\": \"e\"}]}";

  private ClientWarmup() {}

  public static void start() {
    Thread thread = new Thread(ClientWarmup::run, "fetchpipe-client-warmup");
    thread.setDaemon(true);
    thread.start();
  }

  static void run() {
    try {
      ClientJson.MAPPER.readValue(SUBMITTED, Submitted.class);
      ClientJson.MAPPER.readValue(STATUS, JobStatus.class);
      ClientJson.MAPPER.readValue(STATUS, EndSummary.class);
    } catch (JsonProcessingException | RuntimeException | LinkageError ignored) {
      // Only a head start: whatever failed here, the main thread does again, and reports if it fails there too.
    }
  }
}
