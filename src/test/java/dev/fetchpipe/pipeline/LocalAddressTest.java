package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.console.ProgressStyle;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.origin.RunningOrigin;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.JobReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * fetch.local-address: jobs send from the loopback address they are given (all of 127/8 is loopback on Linux), as the
 * origin sees it, and against an origin limited per client address, jobs on two addresses get two shares.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalAddressTest {

  private static final long RATE = 1024 * 1024;

  private RunningOrigin fast;
  private RunningOrigin limited;

  @BeforeAll
  void startOrigins() {
    fast = OriginServer.start(ConfigFactory.load(), OriginSettings.fastLoopback());
    limited = OriginServer.start(ConfigFactory.load(), OriginSettings.fastLoopback().withRatePerClient(RATE));
  }

  @AfterAll
  void stopOrigins() {
    fast.close();
    limited.close();
  }

  @Test
  void theOriginSeesTheJobComingFromItsLocalAddress(@TempDir Path out) throws Exception {
    fast.resetCounters();
    List<String> urls = IntStream.range(0, 5).mapToObj(i -> fast.url("/bytes/" + (1000 + i))).toList();
    JobReport report = TestJobs.run(TestJobs.settings(out, urls, "fetch.local-address=127.0.0.2"), ProgressStyle.OFF)
        .report();
    assertEquals(5, report.counts().ok(), report.toString());
    assertEquals(5, fast.clientRequests("127.0.0.2"));
    assertEquals(0, fast.clientRequests("127.0.0.1"), "nothing came from the default address");
    assertEquals(5 * 1000 + 10, fast.clientBytes("127.0.0.2"));
    assertFilesAreServedBytes(report);
  }

  @Test
  void jobsOnTwoAddressesEachGetTheirOwnShareOfALimitedOrigin(@TempDir Path out) throws Exception {
    limited.resetCounters();
    // Six 512 KiB files a job: 3 MiB each, 6 MiB in all, 6 s from one address at 1 MiB/s.
    int size = 512 * 1024;
    List<String> first = IntStream.range(0, 6).mapToObj(i -> limited.url("/bytes/" + (size + i))).toList();
    List<String> second = IntStream.range(6, 12).mapToObj(i -> limited.url("/bytes/" + (size + i))).toList();
    long start = System.nanoTime();
    var a = CompletableFuture.supplyAsync(() -> TestJobs.run(
        TestJobs.settings(out.resolve("a"), first, "fetch.local-address=127.0.0.2"), ProgressStyle.OFF).report());
    var b = CompletableFuture.supplyAsync(() -> TestJobs.run(
        TestJobs.settings(out.resolve("b"), second, "fetch.local-address=127.0.0.3"), ProgressStyle.OFF).report());
    JobReport reportA = a.get(60, TimeUnit.SECONDS);
    JobReport reportB = b.get(60, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - start) / 1e9;
    assertEquals(6, reportA.counts().ok(), reportA.toString());
    assertEquals(6, reportB.counts().ok(), reportB.toString());
    long bytesA = limited.clientBytes("127.0.0.2");
    long bytesB = limited.clientBytes("127.0.0.3");
    assertEquals(6L * size + 15, bytesA);
    assertEquals(6L * size + 51, bytesB);
    double oneAddress = (bytesA + bytesB) / (double) RATE;
    // Each job is still bandwidth-bound (3 MiB at 1 MiB/s)...
    assertTrue(seconds >= 2.2, () -> "two limited jobs took only " + seconds + " s");
    // ...but side by side they need far less than one address would for all their bytes (ideally half).
    assertTrue(seconds <= 0.8 * oneAddress,
        () -> "two addresses took " + seconds + " s; one address needs " + oneAddress + " s for the same bytes");
    assertFilesAreServedBytes(reportA);
    assertFilesAreServedBytes(reportB);
  }

  /** Every file is what the unlimited origin serves for the same path (/bytes/{n} depends on n alone). */
  private void assertFilesAreServedBytes(JobReport report) throws Exception {
    for (ItemResult item : report.items()) {
      String path = item.url().substring(item.url().indexOf("/bytes/"));
      assertArrayEquals(TestJobs.independentGet(fast.url(path)), Files.readAllBytes(Path.of(item.path())), item.url());
    }
  }
}
