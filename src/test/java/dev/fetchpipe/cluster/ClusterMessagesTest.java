package dev.fetchpipe.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.report.Renamed;
import dev.fetchpipe.pipeline.Fetcher;
import dev.fetchpipe.pipeline.PipelineSupervisor;
import dev.fetchpipe.report.AnItem;
import dev.fetchpipe.report.Attempt;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.report.Timings;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Everything one node sends another, through the serializer a node of a cluster picks for it: Jackson's CBOR (never
 * Java serialization, which Pekko refuses anyway), and back to an equal record, actor references included.
 */
class ClusterMessagesTest {
  private static final ActorTestKit KIT = ActorTestKit.create("fetchpipe-daemon", ConfigFactory.parseString("""
      pekko.actor.provider = cluster
      pekko.remote.artery.canonical.hostname = 127.0.0.1
      pekko.remote.artery.canonical.port = 0
      """).withFallback(ConfigFactory.load()));
  private static final Serialization SERIALIZATION = SerializationExtension.get(KIT.system().classicSystem());

  @AfterAll
  static void down() {
    KIT.shutdownTestKit();
  }

  private static Object roundTrip(Object message) {
    Serializer serializer = SERIALIZATION.findSerializerFor(message);
    assertTrue(serializer.getClass().getSimpleName().equals("JacksonCborSerializer"),
        message.getClass() + " goes through " + serializer.getClass());
    byte[] bytes = SERIALIZATION.serialize(message).get();
    return SERIALIZATION.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, message)).get();
  }

  @Test
  void workAndClaimsTravelAsCbor() {
    var fetcher = KIT.<Fetcher.Command>createTestProbe().getRef();
    var answers = KIT.<Claim.Answer>createTestProbe().getRef();
    for (Object message : List.of(
        new WorkOrder(new JobItem(3, "http://127.0.0.1:8001/bytes/10", "10", null, "numbered: taken"), null),
        new WorkOrder(new JobItem(4, "http://127.0.0.1:8001/x/10", "10-2", null, "numbered", null, java.util.Map.of(),
            new Renamed("10-2", "10", "http://127.0.0.1:8001/bytes/10", "line 1", 3, null)), null),
        new Claim(new JobItem(3, "http://127.0.0.1:8001/bytes/10", "10", null, null, "ab", java.util.Map.of("X-A", "b")), "127.0.0.2:25520", fetcher,
            true, answers),
        new Claim.Answer(3, false),
        Fetcher.Abort.INSTANCE,
        Fetcher.NoMoreRetries.INSTANCE,
        new JobWorker.Resize(8, 2))) {
      assertEquals(message, roundTrip(message));
    }
  }

  @Test
  void aJobsInvitationAndAResultTravelAsCbor() {
    JoinJob join = new JoinJob("j0123456789", "{\"job\":{\"output-dir\":\"/srv/out\"}}", 1_700_000_000_000L,
        "fetchpipe-job-j0123456789-1700000000000", KIT.<PipelineSupervisor.Command>createTestProbe().getRef(),
        KIT.<Claim>createTestProbe().getRef(), KIT.<ItemResult>createTestProbe().getRef(),
        KIT.<JoinJob.Joined>createTestProbe().getRef());
    assertEquals(join, roundTrip(join));
    JoinJob.Joined joined = new JoinJob.Joined("127.0.0.3:25520", 6, KIT.<JobWorker.Command>createTestProbe().getRef());
    assertEquals(joined, roundTrip(joined));

    ItemResult result = AnItem.of(3, "http://127.0.0.1:8001/bytes/10", Outcome.OK).status(200).bytes(10)
        .sha256("ab12").path("/srv/out/10").writer("fetchpipe-writer-1")
        .timings(new Timings(0.0, 1.5, 20.25, 21.0, 22.5))
        .attempts(List.of(new Attempt(1, 1.5, 20.25, 22.5, 200, null, null))).build().onNode("127.0.0.3:25520");
    assertEquals(result, roundTrip(result));
    ItemResult numbered = result.withRenamed(new Renamed("10-2", "10", "http://h/10", "URL 1", 0, Outcome.ERROR));
    assertEquals(numbered, roundTrip(numbered));
    for (String validator : List.of("\"bytes-10\"", "Tue, 01 Dec 2026 10:00:00 GMT")) {
      ItemResult validated = result.withValidator(validator);
      assertEquals(validator, ((ItemResult) roundTrip(validated)).validator(), "the coordinator journals it");
      assertEquals(validated, roundTrip(validated));
    }
  }
}
