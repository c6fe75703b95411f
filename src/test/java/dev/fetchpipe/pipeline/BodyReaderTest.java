package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.config.FetchpipeSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.ResponseEntity;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.StreamIdleTimeoutException;
import org.apache.pekko.stream.StreamLimitReachedException;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 2xx body read into memory or into a temporary file, and what a failed read means for its URL. */
class BodyReaderTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  /** Bodies above 100 bytes go to disk; none may pass 1000. */
  private static final String[] LIMITS = {"writer.stream-above=100", "fetch.max-body-size=1000"};

  @AfterAll
  static void down() {
    KIT.shutdownTestKit();
  }

  private final FetchGauges gauges = new FetchGauges();

  private BodyReader readerInto(Path out) {
    FetchpipeSettings settings = TestJobs.settings(out, List.of("http://127.0.0.1:1/a"), LIMITS);
    return new BodyReader(settings.fetch(), settings.writer(), out, gauges, BodyCollector.get(KIT.system()),
        Materializer.matFromSystem(KIT.system()));
  }

  private static ResponseEntity chunked(String... parts) {
    return HttpEntities.createChunked(ContentTypes.APPLICATION_OCTET_STREAM,
        Source.from(List.of(parts)).map(part -> ByteString.fromString(part, StandardCharsets.UTF_8)));
  }

  private static BodyReader.Body whole(BodyReader.Start start) throws Exception {
    return assertInstanceOf(BodyReader.Reading.class, start).body().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void aSmallBodyThatCameWithItsHeadersIsWholeAtOnceAndCounted(@TempDir Path out) {
    BodyReader.Start start = readerInto(out).start(HttpEntities.create("GIF89a"), "a.gif", false);
    assertEquals("GIF89a", assertInstanceOf(BodyReader.Whole.class, start).bytes().utf8String());
    assertEquals(6, gauges.received());
  }

  @Test
  void aChunkedBodyIsCollectedInMemory(@TempDir Path out) throws Exception {
    BodyReader.Body body = whole(readerInto(out).start(chunked("GIF", "89a"), "a.gif", false));
    assertEquals("GIF89a", assertInstanceOf(BodyReader.InMemory.class, body).bytes().utf8String());
    assertEquals(6, gauges.received());
  }

  @Test
  void aBodyAboveStreamAboveGoesToATemporaryFileWithItsSha256(@TempDir Path out) throws Exception {
    byte[] bytes = new byte[500];
    for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) i;
    BodyReader.Start start = readerInto(out).start(HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM, bytes),
        "big.bin", false);
    BodyReader.OnDisk onDisk = assertInstanceOf(BodyReader.OnDisk.class, whole(start));
    assertEquals(out, onDisk.temp().getParent(), "beside its file, so the rename stays on one filesystem");
    assertArrayEquals(bytes, Files.readAllBytes(onDisk.temp()));
    assertEquals(500, onDisk.bytes());
    assertEquals(HexFormat.of().formatHex(AtomicFile.sha256().digest(bytes)), onDisk.sha256());
  }

  @Test
  void theBytesStillToComeOfADeclaredLengthAreCountedUntilTheBodyEndsReadOrCutOff(@TempDir Path out) throws Exception {
    CompletableFuture<ByteString> rest = new CompletableFuture<>();
    Source<ByteString, ?> parts = Source.single(ByteString.fromArray(new byte[200])).concat(Source.completionStage(rest));
    BodyReader.Start start = readerInto(out).start(
        HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM, 500, parts), "big.bin", false);
    BodyReader.Reading reading = assertInstanceOf(BodyReader.Reading.class, start);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (gauges.bytesLeft() != 300 && System.nanoTime() < deadline) Thread.sleep(10);
    assertEquals(300, gauges.bytesLeft(), "500 declared, 200 read");

    rest.complete(ByteString.fromArray(new byte[300]));
    assertInstanceOf(BodyReader.OnDisk.class, reading.body().toCompletableFuture().get(5, TimeUnit.SECONDS));
    assertEquals(0, gauges.bytesLeft());

    CompletableFuture<ByteString> never = new CompletableFuture<>();
    BodyReader.Reading cut = assertInstanceOf(BodyReader.Reading.class, readerInto(out).start(
        HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM, 800, Source.completionStage(never)), "cut.bin", false));
    assertEquals(800, gauges.bytesLeft());
    cut.killSwitch().abort(new IllegalStateException("cut off"));
    assertThrows(Exception.class, () -> cut.body().toCompletableFuture().get(5, TimeUnit.SECONDS));
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (gauges.bytesLeft() != 0 && System.nanoTime() < deadline) Thread.sleep(10);
    assertEquals(0, gauges.bytesLeft(), "a body cut off has nothing more to come");
  }

  @Test
  void aChunkedBodyOnceTooLargeForMemoryGoesToDiskWhenAskedAgain(@TempDir Path out) throws Exception {
    BodyReader.Start again = readerInto(out).start(chunked("GIF", "89a"), "a.gif", true);
    assertInstanceOf(BodyReader.OnDisk.class, whole(again));
  }

  @Test
  void aBodyTooLargeByItsContentLengthIsRefusedUnread(@TempDir Path out) {
    BodyReader.Start start = readerInto(out).start(
        HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM, new byte[1001]), "big.bin", false);
    assertEquals("body larger than fetch.max-body-size (1000 bytes): Content-Length is 1001",
        assertInstanceOf(BodyReader.Refused.class, start).error());
  }

  @Test
  void aFileNameOutsideTheOutputDirIsRefusedBeforeAnyFileIsMade(@TempDir Path out) throws IOException {
    BodyReader.Start start = readerInto(out).start(
        HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM, new byte[500]), "../escape.bin", false);
    assertTrue(assertInstanceOf(BodyReader.Refused.class, start).error().startsWith("write failed: "));
    try (var files = Files.list(out)) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void aFailedReadIsTooLargeOutgrownDiskOrTransientByItsCause(@TempDir Path out) {
    BodyReader reader = readerInto(out);
    Throwable outgrown = new StreamLimitReachedException(100);
    assertEquals(BodyReader.Failure.OUTGREW_MEMORY, BodyReader.failure(outgrown, false));
    assertEquals(BodyReader.Failure.TRANSIENT, BodyReader.failure(outgrown, true));
    assertEquals(BodyReader.Failure.DISK, BodyReader.failure(new IOException("No space left on device"), true));
    assertEquals(BodyReader.Failure.TRANSIENT, BodyReader.failure(new IOException("Connection reset"), false));
    Throwable tooLarge = new EntityStreamSizeException(1000, scala.Option.empty());
    assertEquals(BodyReader.Failure.TOO_LARGE, BodyReader.failure(tooLarge, false));

    assertEquals("write failed: no space left on device",
        reader.error(BodyReader.Failure.DISK, new IOException("No space left on device")));
    assertTrue(reader.error(BodyReader.Failure.TRANSIENT, new StreamIdleTimeoutException(null))
        .startsWith("body stalled: nothing arrived for "));
  }
}
