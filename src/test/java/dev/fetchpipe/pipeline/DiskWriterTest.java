package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.journal.Journal;
import dev.fetchpipe.journal.JournalEntry;
import dev.fetchpipe.report.Outcome;
import java.util.List;
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

  private ActorRef<DiskWriter.Command> writerIn(Path dir, Path journalDir) throws Exception {
    Journal journal = Journal.start(journalDir, List.of());
    return testKit.spawn(DiskWriter.create(dir, false, journal),
        DispatcherSelector.fromConfig(FetchpipeSettings.BLOCKING_IO_DISPATCHER));
  }

  private ActorRef<DiskWriter.Command> writerIn(Path dir) throws Exception {
    return writerIn(dir, dir);
  }

  private static List<String> journalLines(Path dir) throws Exception {
    return Files.readAllLines(dir.resolve(Journal.FILE_NAME));
  }

  @Test
  void writesTheWholeBodyOnTheBlockingIoDispatcherAndAnswersWithSizeAndSha256(@TempDir Path dir) throws Exception {
    TestProbe<DiskWriter.Result> probe = testKit.createTestProbe();
    ByteString body = ByteString.fromString("hello, flags", StandardCharsets.UTF_8)
        .concat(ByteString.fromString(" and more", StandardCharsets.UTF_8));

    writerIn(dir).tell(new DiskWriter.Write("http://h/hello.txt", "hello.txt", body, null, probe.getRef()::tell));

    DiskWriter.Written written = probe.expectMessageClass(DiskWriter.Written.class);
    assertEquals(dir.resolve("hello.txt"), written.path());
    assertArrayEquals(body.toArray(), Files.readAllBytes(written.path()));
    assertEquals(body.size(), written.bytes());
    assertEquals(JobRunnerTest.sha256(body.toArray()), written.sha256());
    assertTrue(written.thread().matches("writer [1-4]"), "a blocking-io thread, numbered in its pool: " + written.thread());
    assertEquals(1, filesIn(dir), "only the final file: the temporary one was renamed");
    assertEquals(List.of("{\"url\":\"http://h/hello.txt\",\"file\":\"hello.txt\",\"outcome\":\"OK\",\"bytes\":21,"
        + "\"sha256\":\"" + written.sha256() + "\"}"), journalLines(dir), "the journal has the saved file's line");
  }

  @Test
  void flushIsAnsweredOnceEveryJournalLineAskedForBeforeItIsWritten(@TempDir Path dir) throws Exception {
    ActorRef<DiskWriter.Command> writer = writerIn(dir);
    for (int i = 0; i < 500; i++) {
      writer.tell(new DiskWriter.Record(new JournalEntry("http://h/" + i, "f" + i, Outcome.NOT_FOUND, 0, null, null)));
    }
    TestProbe<DiskWriter.Flushed> flushed = testKit.createTestProbe();
    writer.tell(new DiskWriter.Flush(flushed.getRef()));

    flushed.expectMessage(DiskWriter.Flushed.INSTANCE);
    assertEquals(500, journalLines(dir).size(), "every line is in before the answer");
    writer.tell(new DiskWriter.Flush(flushed.getRef()));
    flushed.expectMessage(DiskWriter.Flushed.INSTANCE);
  }

  @Test
  void commitsABodyAlreadyStreamedToATemporaryFile(@TempDir Path dir) throws Exception {
    Path temp = AtomicFile.tempFor(dir.resolve("big.bin"));
    Files.writeString(temp, "streamed");
    TestProbe<DiskWriter.Result> probe = testKit.createTestProbe();

    writerIn(dir).tell(new DiskWriter.Commit("http://h/big.bin", "big.bin", temp, 8, "ab", null, probe.getRef()::tell));

    DiskWriter.Written written = probe.expectMessageClass(DiskWriter.Written.class);
    assertEquals("streamed", Files.readString(written.path()));
    assertFalse(Files.exists(temp));
    assertTrue(journalLines(dir).get(0).contains("\"file\":\"big.bin\""), journalLines(dir).toString());
  }

  @Test
  void discardsATemporaryFileAndRecordsOtherOutcomesInTheJournal(@TempDir Path dir) throws Exception {
    Path temp = AtomicFile.tempFor(dir.resolve("cut.bin"));
    Files.writeString(temp, "half");
    ActorRef<DiskWriter.Command> writer = writerIn(dir);

    writer.tell(new DiskWriter.Discard(temp));
    writer.tell(new DiskWriter.Record(new JournalEntry("http://h/x", "x", Outcome.NOT_FOUND, 0, null, null)));

    TestProbe<Object> wait = testKit.createTestProbe();
    wait.awaitAssert(() -> {
      assertFalse(Files.exists(temp));
      try {
        assertEquals(List.of("{\"url\":\"http://h/x\",\"file\":\"x\",\"outcome\":\"NOT_FOUND\",\"bytes\":0}"),
            journalLines(dir));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      return null;
    });
  }

  @Test
  void replacesAnOlderFileWholeNeverMixingOldAndNewBytes(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("x.bin"), "old content that is longer than the new one");
    TestProbe<DiskWriter.Result> probe = testKit.createTestProbe();

    writerIn(dir).tell(new DiskWriter.Write("http://h/x.bin", "x.bin", ByteString.fromString("new", StandardCharsets.UTF_8), null,
        probe.getRef()::tell));

    probe.expectMessageClass(DiskWriter.Written.class);
    assertEquals("new", Files.readString(dir.resolve("x.bin")));
  }

  @Test
  void aFailedWriteAnswersWriteFailedAndLeavesNoFileBehind(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("not-there");
    TestProbe<DiskWriter.Result> probe = testKit.createTestProbe();

    writerIn(missing, dir).tell(new DiskWriter.Write("http://h/a.gif", "a.gif",
        ByteString.fromString("gif", StandardCharsets.UTF_8), null, probe.getRef()::tell));

    DiskWriter.WriteFailed failed = probe.expectMessageClass(DiskWriter.WriteFailed.class);
    assertEquals("a.gif", failed.fileName());
    // A missing output dir is the failure the writer names itself (see OutputDirWatch).
    assertEquals("the output dir " + missing + " was removed or moved away while the job ran", failed.reason());
    assertEquals(0, filesIn(dir));
    assertEquals(List.of(), journalLines(dir), "nothing saved, nothing journaled");
  }

  @Test
  void aNameThatWouldLeaveTheOutputDirIsRefusedAndNothingIsWritten(@TempDir Path root) throws Exception {
    Path dir = Files.createDirectory(root.resolve("out"));
    ActorRef<DiskWriter.Command> writer = writerIn(dir, root);
    for (String hostile : List.of("../escaped", "/tmp/absolute", "a/../../b", "..", ".hidden", "nul\0byte")) {
      TestProbe<DiskWriter.Result> probe = testKit.createTestProbe();
      writer.tell(new DiskWriter.Write("http://h/x", hostile, ByteString.fromString("evil", StandardCharsets.UTF_8), null, probe.getRef()::tell));
      DiskWriter.WriteFailed failed = probe.expectMessageClass(DiskWriter.WriteFailed.class);
      assertTrue(failed.reason().startsWith("refusing to write "), failed.reason());
    }
    try (Stream<Path> everything = Files.walk(root)) {
      assertEquals(List.of(root.resolve(Journal.FILE_NAME), dir),
          everything.filter(path -> !path.equals(root)).sorted().toList(), "nothing written anywhere");
    }
  }

  private static long filesIn(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).filter(file -> !file.getFileName().toString().equals(Journal.FILE_NAME)).count();
    }
  }

  @Test
  void anOutputDirRemovedMidJobFailsEveryWriteWithTheReasonToldOnceAndNothingIsWrittenInADirMadeAgain(
      @TempDir Path parent) throws Exception {
    Path dir = Files.createDirectory(parent.resolve("out"));
    Path journalDir = Files.createDirectory(parent.resolve("journal"));
    TestProbe<String> gone = testKit.createTestProbe();
    ActorRef<DiskWriter.Command> writer = testKit.spawn(
        DiskWriter.create(dir, false, Journal.start(journalDir, List.of()), gone.getRef()::tell),
        DispatcherSelector.fromConfig(FetchpipeSettings.BLOCKING_IO_DISPATCHER));
    TestProbe<DiskWriter.Result> probe = testKit.createTestProbe();
    ByteString body = ByteString.fromString("flag", StandardCharsets.UTF_8);
    writer.tell(new DiskWriter.Write("http://h/a", "a.gif", body, null, probe.getRef()::tell));
    probe.expectMessageClass(DiskWriter.Written.class);

    Files.delete(dir.resolve("a.gif"));
    Files.delete(dir);
    writer.tell(new DiskWriter.Write("http://h/b", "sub/b.gif", body, null, probe.getRef()::tell));
    String reason = "the output dir " + dir + " was removed or moved away while the job ran";
    assertEquals(new DiskWriter.WriteFailed("sub/b.gif", reason), probe.receiveMessage());
    assertEquals(reason, gone.receiveMessage());

    Files.createDirectory(dir); // someone makes a dir of that name: the job's files must not land in it
    writer.tell(new DiskWriter.Write("http://h/c", "c.gif", body, null, probe.getRef()::tell));
    assertEquals(new DiskWriter.WriteFailed("c.gif", reason), probe.receiveMessage());
    gone.expectNoMessage();
    assertEquals(0, filesIn(dir), "nothing written in the new dir");
    assertEquals(1, journalLines(journalDir).size(), "only the file saved before the dir went is journaled");
  }
}
