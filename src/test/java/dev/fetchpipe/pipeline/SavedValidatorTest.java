package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.fetchpipe.console.ProgressStyle;
import dev.fetchpipe.journal.Journal;
import dev.fetchpipe.journal.JournalEntry;
import dev.fetchpipe.journal.JournalReader;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.testing.LoopbackOrigin;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A saved file's journal line carries the response's validator (strong ETag, else Last-Modified), whether its body
 * was held in memory or streamed to disk, so that a later run can ask the server whether the file changed.
 */
class SavedValidatorTest {
  @RegisterExtension
  static final LoopbackOrigin ORIGIN = new LoopbackOrigin();

  private static JournalEntry savedLine(Path out, String pathAndQuery, String... sets) throws Exception {
    TestJobs.run(TestJobs.settings(out, List.of(ORIGIN.get().url(pathAndQuery)), sets), ProgressStyle.OFF);
    List<JournalEntry> lines = new ArrayList<>();
    JournalReader.read(out.resolve(Journal.FILE_NAME), lines::add);
    // A body streamed to disk has its "receiving" partial line first; the ending's line is the last.
    JournalEntry last = lines.get(lines.size() - 1);
    assertEquals(Outcome.OK, last.outcome(), lines.toString());
    return last;
  }

  @ParameterizedTest
  @ValueSource(strings = {"1MiB", "1KiB"}) // in memory, then streamed to disk
  void aStrongETagIsJournaledWithTheSavedFile(String streamAbove, @TempDir Path out) throws Exception {
    JournalEntry line = savedLine(out, "/fault/ranged/etag" + streamAbove + "/5000?cuts=0",
        "writer.stream-above=" + streamAbove);
    assertEquals("\"etag" + streamAbove + "-5000-0\"", line.validator());
    assertNull(line.partial(), "an ending's line, not a partial one");
  }

  @Test
  void lastModifiedIsJournaledWhenThereIsNoStrongETag(@TempDir Path out) throws Exception {
    JournalEntry line = savedLine(out, "/fault/ranged/weak/5000?cuts=0&validator=weak");
    assertEquals(null, line.validator(), "a weak ETag alone is not kept");
    JournalEntry dated = savedLine(out.resolve("d"), "/fault/ranged/date/5000?cuts=0&validator=date");
    assertEquals(true, dated.validator().endsWith(" GMT"), dated.validator());
  }
}
