package dev.fetchpipe.pipeline;

import com.typesafe.config.ConfigValueFactory;
import dev.fetchpipe.config.ConfigLayers;
import dev.fetchpipe.cli.RunConsole;
import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.console.ProgressStyle;
import dev.fetchpipe.report.JobReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs whole jobs in process, the way `fetchpipe run` does, and fetches bodies independently to compare with. */
final class TestJobs {
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private TestJobs() {}

  /** Settings from reference.conf plus these --set values, writing into outputDir. */
  static FetchpipeSettings settings(Path outputDir, List<String> urls, String... sets) {
    List<String> all = new ArrayList<>(List.of(sets));
    all.add("job.output-dir=" + outputDir);
    Map<String, Object> urlList = Map.of("fetchpipe.job.urls", ConfigValueFactory.fromIterable(urls));
    return FetchpipeSettings.from(ConfigLayers.merge(null, urls.isEmpty() ? Map.of() : urlList, all));
  }

  /** Like {@link #settings}, fitted to a max-in-flight ceiling that resizes may go up to, as the daemon's are. */
  static FetchpipeSettings settings(int ceiling, Path outputDir, List<String> urls, String... sets) {
    List<String> all = new ArrayList<>(List.of(sets));
    all.add("job.output-dir=" + outputDir);
    Map<String, Object> urlList = Map.of("fetchpipe.job.urls", ConfigValueFactory.fromIterable(urls));
    return FetchpipeSettings.from(ConfigLayers.merge(null, urls.isEmpty() ? Map.of() : urlList, all), ceiling);
  }

  /** A finished job and everything it printed. */
  record Finished(JobReport report, String output) {}

  static Finished run(FetchpipeSettings settings, ProgressStyle progress) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    JobReport report = JobRunner.run(settings, null, List.of(console(settings, progress, out)));
    return new Finished(report, buffer.toString(StandardCharsets.UTF_8));
  }

  /** The job shown on {@code out} as `fetchpipe run` shows it. */
  static JobRunner.Watch console(FetchpipeSettings settings, ProgressStyle progress, PrintStream out) {
    return RunConsole.watch(progress, settings.progress(), out);
  }

  /** The body an independent HTTP client gets for this URL. */
  static byte[] independentGet(String url) throws Exception {
    HttpResponse<byte[]> response = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) throw new AssertionError(url + " answered " + response.statusCode());
    return response.body();
  }
}
