package dev.fetchpipe.timeline;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real browser for the tests that check how a page looks: Chromium in headless mode, as a child process. A test
 * that needs it fails where no Chromium is installed, naming the Debian package ({@link #require}); CI installs it.
 */
public final class HeadlessChromium {
  private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");
  private static final long TIMEOUT_SECONDS = 90;

  private final Path executable;
  private final Path workDir;

  private HeadlessChromium(Path executable, Path workDir) {
    this.executable = executable;
    this.workDir = workDir;
  }

  /** The first Chromium on the PATH, working in {@code workDir}; an AssertionError naming the package when none. */
  public static HeadlessChromium require(Path workDir) {
    return find(workDir).orElseThrow(() -> new AssertionError(
        "this test needs Chromium, and there is none on the PATH: apt-get install chromium"));
  }

  /** The first Chromium on the PATH, working in {@code workDir} (its profile and logs go there); empty when none. */
  public static Optional<HeadlessChromium> find(Path workDir) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty())
        .flatMap(dir -> NAMES.stream().map(name -> Path.of(dir, name)))
        .filter(Files::isExecutable).findFirst().map(exe -> new HeadlessChromium(exe, workDir));
  }

  /** Loads the page and saves what a window of this size shows as a PNG. */
  public void screenshot(Path page, Path png, int width, int height) throws Exception {
    run("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height, page.toUri().toString());
    if (!Files.isRegularFile(png)) throw new AssertionError("chromium wrote no " + png + "; its log:\n" + log());
  }

  /** Loads the page and returns the DOM as the browser built it, serialized. */
  public String dumpDom(Path page) throws Exception {
    return run("--dump-dom", page.toUri().toString());
  }

  /** As {@link #screenshot(Path, Path, int, int)}, for a page a server serves: what a user's first look shows. */
  public void screenshot(String url, Path png, int width, int height) throws Exception {
    run("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height, url);
    if (!Files.isRegularFile(png)) throw new AssertionError("chromium wrote no " + png + "; its log:\n" + log());
  }

  /** As {@link #dumpDom(Path)}, for a page a server serves. */
  public String dumpDom(String url) throws Exception {
    return run("--dump-dom", url);
  }

  private String run(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless", "--disable-gpu", "--no-sandbox",
        "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars", "--user-data-dir=" + workDir.resolve("profile")));
    command.addAll(List.of(args));
    Path out = workDir.resolve("chromium-stdout.txt");
    Process process = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectOutput(out.toFile()).redirectError(workDir.resolve("chromium-stderr.txt").toFile()).start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new AssertionError("chromium did not finish in " + TIMEOUT_SECONDS + " s; its log:\n" + log());
    }
    if (process.exitValue() != 0) throw new AssertionError("chromium exited " + process.exitValue() + "; its log:\n" + log());
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  private String log() throws IOException {
    Path err = workDir.resolve("chromium-stderr.txt");
    return Files.exists(err) ? Files.readString(err, StandardCharsets.UTF_8) : "";
  }
}
