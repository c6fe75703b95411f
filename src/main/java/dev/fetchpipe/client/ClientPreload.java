package dev.fetchpipe.client;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;

/**
 * A client command's start-up work done on a second thread while the main thread reads the command line and the
 * config file: a config of the config file's shape parsed, so that Typesafe Config's parser is loaded and initialised
 * partly here while the main thread starts on the real file, then the daemon's answers of the shapes a command reads
 * (a 201, a STATUS, an end) read once, so that the JSON parser and the readers are ready when the real answers arrive.
 * The daemon's job has not started yet, so the second core has nothing else to do.
 *
 * <p>Nothing here can fail a command: a daemon thread whose exceptions are ignored, so the main thread meets any real
 * problem itself, with its usual message.
 */
public final class ClientPreload {
  /** A config file's shape: objects, a list, a duration. */
  static final String CONFIG = "fetchpipe { job { codes = [CN, IN], output-dir = downloads }, origin.delay = 500ms }";
  /** What the daemon answers, in the shape it has, so that the very code the command will run is run. */
  static final String SUBMITTED = "{\"id\": \"J\", \"links\": {\"self\": \"/api/jobs/J\"}, \"progress\": {\"style\":"
      + " \"auto\", \"spinnerIntervalMs\": 100, \"plainIntervalMs\": 2000}}";
  static final String STATUS = "{\"id\": \"J\", \"state\": \"RUNNING\", \"total\": 1, \"waitingToRetry\": 0, \"msLeft\": 1500,"
      + " \"limits\": {\"maxInFlight\": 1, \"maxPerHost\": 1, \"writerThreads\": 1, \"maxBytesPerSecond\": 0,"
      + " \"maxBytesPerSecondPerUrl\": 0, \"perHostDelayMs\": 0, \"perHostRate\": 0.0}, \"cancellation\": null,"
      + " \"renamed\": 0,"
      + " \"failures\": [{\"index\": 0, \"url\": \"http://h/\", \"outcome\": \"ERROR\", \"error\": \"e\"}]}";

  private ClientPreload() {}

  public static void start() {
    Thread thread = new Thread(ClientPreload::run, "fetchpipe-client-preload");
    thread.setDaemon(true);
    thread.start();
  }

  static void run() {
    try {
      ConfigFactory.parseString(CONFIG).hasPath("fetchpipe.job.output-dir");
      Submitted.from(JsonFields.parse(SUBMITTED));
      JsonFields status = JsonFields.parse(STATUS);
      RemoteJobStatus.from(status);
      EndSummary.from(status);
    } catch (IOException | RuntimeException | LinkageError ignored) {
      // Only a head start: whatever failed here, the main thread does again, and reports if it fails there too.
    }
  }
}
