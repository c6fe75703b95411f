package dev.fetchpipe.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.journal.JournalEntry;
import dev.fetchpipe.pipeline.Fetcher;
import dev.fetchpipe.pipeline.JobLimits;
import dev.fetchpipe.pipeline.PipelineSupervisor;
import dev.fetchpipe.report.ItemResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import dev.fetchpipe.pipeline.JobStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.delivery.ConsumerController;
import org.apache.pekko.actor.typed.delivery.ProducerController;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Belt and braces behind the cluster's TLS: a member that is not a job's coordinator (a rogue JVM holding the cluster's
 * keys) cannot have a node join a job of its making, have it fetch a URL the coordinator did not hand out, or write a
 * file outside the job's output dir. Real actors: a real coordinator with its work pulling, a real node agent.
 */
class RogueSenderTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String NODE = "127.0.0.2:25520";

  @AfterAll
  static void down() {
    KIT.shutdownTestKit();
  }

  @TempDir
  Path out;

  private final TestProbe<PipelineSupervisor.Command> supervisor = KIT.createTestProbe();
  private final TestProbe<NodeAgent.Command> agent = KIT.createTestProbe();
  private final TestProbe<JobCoordinator.Room> room = KIT.createTestProbe();
  private final AtomicReference<List<JobStatus.NodeShare>> shares = new AtomicReference<>(List.of());
  private final List<ActorRef<?>> spawned = new ArrayList<>();

  /** Each test's actors stop with it: a coordinator left running would recruit the next test's agent. */
  @AfterEach
  void stopAll() {
    spawned.forEach(KIT::stop);
  }

  private static String jobConfig(Path dir) {
    return "{\"fetchpipe\":{\"job\":{\"urls\":[\"http://127.0.0.1:1/x\"],\"output-dir\":\"" + dir.toAbsolutePath() + "\"}}}";
  }

  private static FetchpipeSettings settings(String json) {
    return FetchpipeSettings.from(ConfigFactory.parseString(json).withFallback(ConfigFactory.load()).resolve());
  }

  /** A real coordinator's JoinJob, as every node's agent gets it (here a probe's). */
  private JoinJob realJoin(String id) {
    KIT.system().receptionist().tell(Receptionist.register(NodeAgent.KEY, agent.getRef()));
    spawned.add(KIT.spawn(JobCoordinator.create(new ClusterJob(id, jobConfig(out)), System.currentTimeMillis(),
        supervisor.getRef(), KIT.<ItemResult>createTestProbe().getRef(), room.getRef(), new JobLimits(4, 4, 2),
        shares::set)));
    JoinJob join;
    do {
      join = (JoinJob) agent.receiveMessage(WAIT);
    } while (!join.jobId().equals(id));
    return join;
  }

  private List<Path> written() throws IOException {
    try (Stream<Path> files = Files.walk(out)) {
      return files.filter(path -> !path.equals(out)).toList();
    }
  }

  @Test
  void aCoordinatorsJoinJobPassesAndOneThatIsNotItsIsRefused() {
    JoinJob real = realJoin("j-check");
    assertNull(JoinCheck.refusal(real), "the coordinator's own");
    TestProbe<Claim> rogueClaims = KIT.createTestProbe();
    assertNotNull(JoinCheck.refusal(new JoinJob(real.jobId(), real.config(), real.startedAtEpochMs(), real.workKey(),
        real.coordinator(), rogueClaims.getRef(), real.results(), real.joined())), "claims going elsewhere");
    assertNotNull(JoinCheck.refusal(new JoinJob(real.jobId(), real.config(), real.startedAtEpochMs() + 1,
        real.workKey(), real.coordinator(), real.claims(), real.results(), real.joined())), "a work key not its own");
    assertNotNull(JoinCheck.refusal(new JoinJob("../x", real.config(), real.startedAtEpochMs(),
        JoinCheck.workKey("../x", real.startedAtEpochMs()), real.coordinator(), real.claims(), real.results(),
        real.joined())), "a job id that cannot name an actor");
    assertNotNull(JoinCheck.refusal(new JoinJob(real.jobId(), real.config(), real.startedAtEpochMs(), real.workKey(),
        null, real.claims(), real.results(), real.joined())), "no coordinator");
  }

  @Test
  void aRogueJoinJobSentToANodesAgentIsRefusedWithALogLineAndNothingRunsOrIsWritten() throws IOException {
    ActorRef<NodeAgent.Command> node = KIT.spawn(NodeAgent.create(NODE, RogueSenderTest::settings));
    spawned.add(node);
    TestProbe<Object> rogue = KIT.createTestProbe();
    TestProbe<JoinJob.Joined> joined = KIT.createTestProbe();
    long now = System.currentTimeMillis();
    JoinJob forged = new JoinJob("rogue", jobConfig(out), now, JoinCheck.workKey("rogue", now), rogue.getRef(),
        KIT.<Claim>createTestProbe().getRef(), KIT.<ItemResult>createTestProbe().getRef(), joined.getRef());
    LoggingTestKit.warn("refused a request to join job rogue").expect(KIT.system(), () -> {
      node.tell(forged);
      return null;
    });
    joined.expectNoMessage(Duration.ofMillis(300));
    assertEquals(List.of(), written());
  }

  @Test
  void aRealCoordinatorsJoinJobIsTakenByARealAgent() {
    // The real agent registers with the Receptionist: the real coordinator recruits it, and the node joins.
    spawned.add(KIT.spawn(NodeAgent.create("127.0.0.9:1", RogueSenderTest::settings)));
    realJoin("j-real");
    TestProbe<Object> until = KIT.createTestProbe();
    until.awaitAssert(WAIT, () -> {
      assertTrue(shares.get().stream().anyMatch(share -> share.node().equals("127.0.0.9:1")), shares.get().toString());
      return null;
    });
  }

  @Test
  void aRogueWorkOrderSentToARealNodesWorkerIsRefusedAndNothingIsWritten() throws IOException {
    spawned.add(KIT.spawn(NodeAgent.create("127.0.0.8:1", RogueSenderTest::settings)));
    JoinJob join = realJoin("j-worker");
    // The real worker's consumer, as a rogue member finds it: under the job's key in the Receptionist.
    TestProbe<Receptionist.Listing> listings = KIT.createTestProbe();
    ActorRef<ConsumerController.Command<WorkOrder>> worker = listings.awaitAssert(WAIT, () -> {
      KIT.system().receptionist().tell(Receptionist.find(Coordination.workKey(join.workKey()), listings.getRef()));
      var found = listings.receiveMessage(WAIT).getServiceInstances(Coordination.workKey(join.workKey()));
      assertEquals(1, found.size(), "the node's worker has joined");
      return found.iterator().next();
    });
    for (String[] rogue : new String[][] {{"rogue", "x"}, {join.workKey() + "-rogue", "../escape"}}) {
      ActorRef<ProducerController.Command<WorkOrder>> producer =
          KIT.spawn(ProducerController.create(WorkOrder.class, rogue[0], Optional.empty()));
      spawned.add(producer);
      TestProbe<ProducerController.RequestNext<WorkOrder>> next = KIT.createTestProbe();
      producer.tell(new ProducerController.Start<>(next.getRef()));
      producer.tell(new ProducerController.RegisterConsumer<>(worker));
      LoggingTestKit.warn("refused a work order for job j-worker").expect(KIT.system(), () -> {
        next.receiveMessage(WAIT).sendNextTo().tell(new WorkOrder(new JobItem(0, "http://127.0.0.1:1/x", rogue[1], null), null));
        return null;
      });
    }
    supervisor.expectNoMessage(Duration.ofMillis(300));
    assertEquals(List.of(), written());
    assertTrue(Files.notExists(out.resolveSibling("escape")));
  }

  @Test
  void aClaimForAUrlTheCoordinatorDidNotHandOutAsClaimedIsRefusedWithoutAskingTheSupervisor() {
    JoinJob join = realJoin("j-claim");
    @SuppressWarnings("unchecked")
    ActorRef<JobCoordinator.Command> coordinator = (ActorRef<JobCoordinator.Command>) join.coordinator();
    TestProbe<ConsumerController.Delivery<WorkOrder>> deliveries = KIT.createTestProbe();
    ActorRef<ConsumerController.Command<WorkOrder>> consumer =
        KIT.spawn(ConsumerController.create(Coordination.workKey(join.workKey())));
    spawned.add(consumer);
    consumer.tell(new ConsumerController.Start<>(deliveries.getRef()));
    room.receiveMessage(WAIT); // work pulling has found this node's consumer: a URL may be handed out
    TestProbe<Fetcher.Command> fetcher = KIT.createTestProbe();
    TestProbe<Claim.Answer> answers = KIT.createTestProbe();

    JobItem never = new JobItem(5, "http://evil/x", "x", null);
    LoggingTestKit.warn("refused a claim").expect(KIT.system(), () -> {
      join.claims().tell(new Claim(never, NODE, fetcher.getRef(), answers.getRef()));
      return null;
    });
    assertEquals(new Claim.Answer(5, false), answers.receiveMessage(WAIT));

    JobItem handed = new JobItem(6, "http://a/6", "f6", null);
    coordinator.tell(new JobCoordinator.Hand(handed, null));
    deliveries.receiveMessage(WAIT);
    JobItem altered = new JobItem(6, "http://a/6", "f6", null, null, null, Map.of("Cookie", "stolen"));
    LoggingTestKit.warn("refused a claim").expect(KIT.system(), () -> {
      join.claims().tell(new Claim(altered, NODE, fetcher.getRef(), answers.getRef()));
      return null;
    });
    assertEquals(new Claim.Answer(6, false), answers.receiveMessage(WAIT));
    supervisor.expectNoMessage(Duration.ofMillis(300));

    join.claims().tell(new Claim(handed, NODE, fetcher.getRef(), answers.getRef()));
    assertTrue(supervisor.receiveMessage(WAIT) instanceof dev.fetchpipe.pipeline.Crew.MayFetch,
        "the claim as handed out goes on to the supervisor");
  }

  @Test
  void aWorkOrderNotFromTheJobsWorkPullingOrNamingAFileOutsideTheDirIsRefused() {
    ActorRef<ConsumerController.Confirmed> confirm = KIT.<ConsumerController.Confirmed>createTestProbe().getRef();
    String key = JoinCheck.workKey("j1", 1);
    Path dir = out;
    assertNull(WorkOrderCheck.refusal(delivery(key + "-abc", "f1", confirm), key, dir));
    assertNull(WorkOrderCheck.refusal(delivery(key + "-abc", "sub/f1", confirm), key, dir));
    assertTrue(WorkOrderCheck.refusal(delivery("rogue-abc", "f1", confirm), key, dir).contains("work pulling"));
    assertTrue(WorkOrderCheck.refusal(delivery(JoinCheck.workKey("j1", 2) + "-abc", "f1", confirm), key, dir)
        .contains("work pulling"), "another run of the job");
    for (String name : new String[] {"../escape", "/etc/passwd", "a/../../b", ".fetchpipe-journal.jsonl", "", "a\\b"}) {
      String refusal = WorkOrderCheck.refusal(delivery(key + "-abc", name, confirm), key, dir);
      assertNotNull(refusal, name);
      assertTrue(refusal.startsWith("refusing to write"), refusal);
    }
  }

  @Test
  void aWorkOrderWhoseEarlierFileToRevalidateIsNotASavedFileOfItsUrlInsideTheDirIsRefused() {
    ActorRef<ConsumerController.Confirmed> confirm = KIT.<ConsumerController.Confirmed>createTestProbe().getRef();
    String key = JoinCheck.workKey("j1", 1);
    JobItem item = new JobItem(1, "http://a/1", "f1", null);
    JournalEntry saved = JournalEntry.saved("http://a/1", "f1", 3, "ab", "\"e1\"");
    assertNull(WorkOrderCheck.refusal(order(item, saved, key, confirm), key, out));
    for (JournalEntry hostile : List.of(JournalEntry.saved("http://other/1", "f1", 3, "ab", "\"e1\""),
        JournalEntry.saved("http://a/1", "f1", 3, "ab", null),
        new JournalEntry("http://a/1", "f1", Outcome.ERROR, 3, "ab", "x", "\"e1\"", null, null))) {
      assertTrue(WorkOrderCheck.refusal(order(item, hostile, key, confirm), key, out).contains("revalidate"), hostile.toString());
    }
    for (String name : new String[] {"../escape", "/etc/passwd", ".fetchpipe-journal.jsonl"}) {
      String refusal = WorkOrderCheck.refusal(order(item, saved.savedAs(name), key, confirm), key, out);
      assertNotNull(refusal, name);
      assertTrue(refusal.startsWith("refusing to write"), refusal);
    }
  }

  private static ConsumerController.Delivery<WorkOrder> order(JobItem item, JournalEntry saved, String producer,
      ActorRef<ConsumerController.Confirmed> confirm) {
    return new ConsumerController.Delivery<>(new WorkOrder(item, saved), confirm, producer + "-abc", 1);
  }

  private static ConsumerController.Delivery<WorkOrder> delivery(String producerId, String fileName,
      ActorRef<ConsumerController.Confirmed> confirm) {
    return new ConsumerController.Delivery<>(new WorkOrder(new JobItem(1, "http://a/1", fileName, null), null), confirm,
        producerId, 1);
  }
}
