package dev.fetchpipe.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a test's main class in a child JVM that obeys file permissions. Root ignores them (CAP_DAC_OVERRIDE), and CI
 * runs as root, so a test of "permission denied" would otherwise prove nothing there. As root the child keeps uid 0
 * but loses the two capabilities that bypass permission bits (util-linux's {@code setpriv}, in every Debian); as
 * anyone else it runs as is.
 */
public final class WithoutRootOverride {

  private WithoutRootOverride() {}

  public static boolean runningAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** Runs {@code main} with {@code args} and returns what it printed on stdout, trimmed; fails if it exits non-zero. */
  public static String run(Class<?> main, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (runningAsRoot()) {
      assertTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv is missing: apt-get install util-linux");
      command.addAll(List.of("/usr/bin/setpriv", "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-all",
          "--"));
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the child JVM did not end");
    assertEquals(0, process.exitValue(), "the child JVM failed; it printed: " + out);
    return out;
  }
}
