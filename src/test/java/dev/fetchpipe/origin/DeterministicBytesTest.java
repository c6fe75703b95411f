package dev.fetchpipe.origin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DeterministicBytesTest {

  private static ActorSystem<Void> system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create(Behaviors.empty(), "deterministic-bytes");
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  @Test
  void piecesAreTheSameBytesCutToSize() throws Exception {
    List<ByteString> pieces = collect(DeterministicBytes.stream(1000, 300));
    assertEquals(List.of(300, 300, 300, 100), pieces.stream().map(ByteString::size).toList());
    ByteString joined = pieces.stream().reduce(ByteString.emptyByteString(), ByteString::concat);
    ByteString whole = collect(DeterministicBytes.stream(1000)).stream()
        .reduce(ByteString.emptyByteString(), ByteString::concat);
    assertEquals(whole, joined);
  }

  @Test
  void piecesNeverSpanTheGeneratorsChunks() throws Exception {
    // 64 KiB chunks cut into 50 000-byte pieces: each chunk ends its last piece early.
    List<Integer> sizes = collect(DeterministicBytes.stream(140_000, 50_000)).stream().map(ByteString::size).toList();
    assertEquals(List.of(50_000, 15_536, 50_000, 15_536, 8_928), sizes);
  }

  private static List<ByteString> collect(Source<ByteString, ?> source)
      throws Exception {
    return source.runWith(Sink.seq(), system)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
