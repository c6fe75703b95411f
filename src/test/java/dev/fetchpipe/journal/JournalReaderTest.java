package dev.fetchpipe.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fetchpipe.job.JobItem;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged line costs its own URL a fetch, nothing more. */
class JournalReaderTest {

  private static String saved(Path dir, String name) throws Exception {
    byte[] bytes = ("body of " + name).getBytes(StandardCharsets.UTF_8);
    Files.write(dir.resolve(name), bytes);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    return "{\"url\":\"http://h/" + name + "\",\"file\":\"" + name + "\",\"outcome\":\"OK\",\"bytes\":" + bytes.length
        + ",\"sha256\":\"" + sha + "\"}\n";
  }

  @Test
  void badLinesAreSkippedOneByOneAndTheRestAreKept(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream journal = new ByteArrayOutputStream();
    List<JobItem> items = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String name = "f" + i;
      items.add(new JobItem(i, "http://h/" + name, name, null));
      String line = saved(dir, name);
      switch (i) {
        case 1 -> journal.write(line.replace("body", "b\u00e9").replace("\"f1\"", "\"f\u00e91\"")
            .getBytes(StandardCharsets.ISO_8859_1)); // a Latin-1 byte: not UTF-8
        case 2 -> journal.write("{not json\n".getBytes(StandardCharsets.UTF_8));
        case 3 -> journal.write(line.replace("\"url\":\"http://h/f3\",", "").getBytes(StandardCharsets.UTF_8));
        case 4 -> journal.write(("{\"url\":\"" + "x".repeat(JournalReader.MAX_LINE_BYTES) + "\"}\n").getBytes(StandardCharsets.UTF_8));
        case 5 -> journal.write(line.replace("\"OK\"", "\"MAYBE\"").getBytes(StandardCharsets.UTF_8));
        default -> journal.write(line.getBytes(StandardCharsets.UTF_8));
      }
    }
    journal.write("{\"url\":\"http://h/cut".getBytes(StandardCharsets.UTF_8)); // cut short by a crash
    Files.write(dir.resolve(Journal.FILE_NAME), journal.toByteArray());

    Resume resume = Resume.check(dir, items);

    assertEquals(List.of(0, 6, 7), resume.kept().keySet().stream().sorted().toList());
    assertEquals(6, resume.unreadable(), "lines 1 to 5 and the last");
  }
}
