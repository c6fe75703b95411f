package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.config.FetchpipeSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiskWriterTest {
  private final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  private ActorRef<DiskWriter.Command> writerIn(Path dir) {
    return testKit.spawn(DiskWriter.create(dir, false), DispatcherSelector.fromConfig(FetchpipeSettings.BLOCKING_IO_DISPATCHER));
  }

  @Test
  void writesTheWholeBodyOnTheBlockingIoDispatcherAndAnswersWithSizeAndSha256(@TempDir Path dir) throws Exception {
    TestProbe<DiskWriter.Result> probe = testKit.createTestProbe();
    ByteString body = ByteString.fromString("hello, flags", StandardCharsets.UTF_8)
        .concat(ByteString.fromString(" and more", StandardCharsets.UTF_8));

    writerIn(dir).tell(new DiskWriter.Write("hello.txt", body, probe.getRef()));

    DiskWriter.Written written = probe.expectMessageClass(DiskWriter.Written.class);
    assertEquals(dir.resolve("hello.txt"), written.path());
    assertArrayEquals(body.toArray(), Files.readAllBytes(written.path()));
    assertEquals(body.size(), written.bytes());
    assertEquals(JobRunnerTest.sha256(body.toArray()), written.sha256());
    assertTrue(written.thread().contains("fetchpipe.blocking-io-dispatcher"), written.thread());
    assertEquals(1, filesIn(dir), "only the final file: the temporary one was renamed");
  }

  @Test
  void replacesAnOlderFileWholeNeverMixingOldAndNewBytes(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("x.bin"), "old content that is longer than the new one");
    TestProbe<DiskWriter.Result> probe = testKit.createTestProbe();

    writerIn(dir).tell(new DiskWriter.Write("x.bin", ByteString.fromString("new", StandardCharsets.UTF_8), probe.getRef()));

    probe.expectMessageClass(DiskWriter.Written.class);
    assertEquals("new", Files.readString(dir.resolve("x.bin")));
  }

  @Test
  void aFailedWriteAnswersWriteFailedAndLeavesNoFileBehind(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("not-there");
    TestProbe<DiskWriter.Result> probe = testKit.createTestProbe();

    writerIn(missing).tell(new DiskWriter.Write("a.gif", ByteString.fromString("gif", StandardCharsets.UTF_8), probe.getRef()));

    DiskWriter.WriteFailed failed = probe.expectMessageClass(DiskWriter.WriteFailed.class);
    assertEquals("a.gif", failed.fileName());
    assertTrue(failed.reason().contains("NoSuchFileException"), failed.reason());
    assertEquals(0, filesIn(dir));
  }

  private static long filesIn(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).count();
    }
  }
}
