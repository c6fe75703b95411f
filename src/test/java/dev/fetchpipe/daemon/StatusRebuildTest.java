package dev.fetchpipe.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fetchpipe.journal.Journal;
import dev.fetchpipe.journal.JournalEntry;
import dev.fetchpipe.report.Outcome;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job whose report is lost has its counts rebuilt from its output dir's journal. */
class StatusRebuildTest {

  @Test
  void aJournalWithPartialLinesIsCountedByItsEndingsOnly(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    java.nio.file.Files.createDirectories(out);
    try (Journal journal = Journal.start(out, List.of())) {
      journal.append(JournalEntry.saved("http://h/a.bin", "a.bin", 5, "ab"));
      journal.append(JournalEntry.partial("http://h/b.bin", "b.bin", 100, "\"v\"", JournalEntry.RECEIVING));
      journal.append(JournalEntry.partial("http://h/b.bin", "b.bin", 700, "\"v\"", JournalEntry.CUT));
      journal.append(new JournalEntry("http://h/b.bin", "b.bin", Outcome.ERROR, 0, null, "body failed"));
      // a run killed while this body streamed: a partial line and no ending
      journal.append(JournalEntry.partial("http://h/c.bin", "c.bin", 0, "\"w\"", JournalEntry.RECEIVING));
    }
    String config = "{\"fetchpipe\":{\"job\":{\"output-dir\":" + Json.MAPPER.writeValueAsString(out.toString()) + "}}}";

    ObjectNode status = StatusRebuild.of(new StoredJob("j1", "2026-12-07T00:00:00Z", config, null, null),
        dir.resolve("no-report.json"));

    assertEquals(2, status.get("done").asInt(), status.toString());
    assertEquals(1, status.get("ok").asInt(), status.toString());
    assertEquals(1, status.get("errors").asInt(), status.toString());
  }
}
