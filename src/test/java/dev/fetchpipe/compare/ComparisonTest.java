package dev.fetchpipe.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.config.ConfigLayers;
import dev.fetchpipe.report.JsonReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole comparison of a small job on the embedded origin: real engines, real files, one shared origin. */
class ComparisonTest {

  @Test
  void theThreeEnginesWriteByteIdenticalFilesEachIntoAFreshFolderOfItsOwn(@TempDir Path out) throws Exception {
    // An earlier comparison's folder: it must be left as it is, and not be reused.
    Path earlier = Files.createDirectories(out.resolve("compare-1/actors"));
    Files.writeString(earlier.resolve("cn.gif"), "an earlier run's file");
    JobConfig job = new JobConfig(ConfigLayers.merge(null, Map.of(), List.of(
        "job.base-url=embedded", "job.codes=[CN, BR, IN, US, ID, PK]", "job.output-dir=" + out,
        "origin.delay=0ms", "fetch.max-in-flight=3")));
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    Comparison.Result result = Comparison.run(job, List.of(Engine.values()), 2,
        new PrintStream(progress, true, StandardCharsets.UTF_8));

    assertEquals(out.resolve("compare-2"), result.runDir());
    assertEquals("an earlier run's file", Files.readString(earlier.resolve("cn.gif")));
    List<String> expected = List.of("br.gif", "cn.gif", "id.gif", "in.gif", "pk.gif", "us.gif");
    Path sequential = result.runDir().resolve("sequential");
    for (Engine engine : Engine.values()) {
      Path dir = result.runDir().resolve(engine.label());
      assertEquals(expected, names(dir), engine.label());
      for (String name : expected) {
        assertEquals(-1L, Files.mismatch(sequential.resolve(name), dir.resolve(name)), engine.label() + " " + name);
      }
      assertEquals(6, JsonReport.read(result.runDir().resolve(engine.label() + ".json")).get("ok").asInt());
    }
    assertTrue(result.files().identical(), result.files().toString());
    assertEquals(6, result.files().files());
    assertTrue(result.allGood());
    // Every engine fetched from the one origin compare started, not one of its own.
    assertEquals(1, result.runs().stream().map(run -> run.report().site()).distinct().count());

    List<String> table = ComparisonTable.render(result).lines().toList();
    assertTrue(table.get(0).startsWith("engine "), table.get(0));
    assertTrue(table.get(1).startsWith("sequential "), table.get(1));
    assertTrue(table.get(2).startsWith("threads "), table.get(2));
    assertTrue(table.get(3).startsWith("actors "), table.get(3));
    assertTrue(table.get(3).endsWith(" 6/6"), table.get(3));
    assertTrue(table.get(4).contains("same 6 files"), table.get(4));
  }

  /** The job's files in a folder, without dot-files (temporary files, a journal). */
  private static List<String> names(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
    }
  }
}
