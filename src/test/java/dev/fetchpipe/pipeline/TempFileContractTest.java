package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fetchpipe.job.OutputDir;
import org.junit.jupiter.api.Test;

/** OutputDir removes stale temporary files by the disk writer's naming; the two must agree on it. */
class TempFileContractTest {

  @Test
  void theWritersTemporaryFilesAreTheOnesOutputDirCleansUp() {
    assertEquals(OutputDir.TEMP_SUFFIX, AtomicFile.TEMP_SUFFIX);
  }
}
