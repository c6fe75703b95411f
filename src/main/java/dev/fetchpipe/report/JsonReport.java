package dev.fetchpipe.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;

/** Writes a {@link JobReport} as JSON (--report FILE), atomically, so a reader never sees half a report. */
public final class JsonReport {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  public static void write(JobReport report, Path file) throws IOException {
    // Jackson would close the stream itself; ReportFile closes it once, before the rename.
    ReportFile.write(file, out -> MAPPER.writer().without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET)
        .writeValue(out, report));
  }

  /** The report as a JSON tree, for tests and tools that read it back. */
  public static com.fasterxml.jackson.databind.JsonNode read(Path file) throws IOException {
    return MAPPER.readTree(file.toFile());
  }
}
