package dev.fetchpipe.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.pipeline.Crew;
import dev.fetchpipe.pipeline.Fetcher;
import dev.fetchpipe.pipeline.JobLimits;
import dev.fetchpipe.pipeline.JobStatus;
import dev.fetchpipe.pipeline.PipelineSupervisor;
import dev.fetchpipe.report.AnItem;
import dev.fetchpipe.report.ItemResult;
import dev.fetchpipe.report.Outcome;
import dev.fetchpipe.report.Timings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.delivery.ConsumerController;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A cluster job's coordinator between the job's supervisor (which it speaks to with the pipeline's crew messages only)
 * and the nodes: real work pulling, a real Receptionist, a node played by probes.
 */
class JobCoordinatorTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String NODE = "127.0.0.2:25520";

  @AfterAll
  static void down() {
    KIT.shutdownTestKit();
  }

  private final TestProbe<PipelineSupervisor.Command> supervisor = KIT.createTestProbe();
  private final TestProbe<ItemResult> results = KIT.createTestProbe();
  private final TestProbe<JobCoordinator.Room> room = KIT.createTestProbe();
  private final TestProbe<NodeAgent.Command> agent = KIT.createTestProbe();
  private final TestProbe<ConsumerController.Delivery<WorkOrder>> deliveries = KIT.createTestProbe();
  private final TestProbe<Claim.Answer> answers = KIT.createTestProbe();
  private final AtomicReference<List<JobStatus.NodeShare>> shares = new AtomicReference<>();

  private static JobItem item(int index) {
    return new JobItem(index, "http://a/" + index, "f" + index, null);
  }

  private static ItemResult ok(int index) {
    return AnItem.of(index, "http://a/" + index, Outcome.OK).status(200).bytes(3).sha256("ab").path("/out/f" + index)
        .writer("writer-2").timings(new Timings(0.0, 1.0, 2.0, 3.0, 4.0)).build();
  }

  /** The coordinator of a job, with this node recruited into it: its work pulling consumer registered. */
  private JoinJob startJob(String id) {
    return startJob(id, new JobLimits(4, 4, 2));
  }

  private JoinJob startJob(String id, JobLimits limits) {
    KIT.system().receptionist().tell(Receptionist.register(NodeAgent.KEY, agent.getRef()));
    KIT.spawn(JobCoordinator.create(new ClusterJob(id, "{}"), System.currentTimeMillis(), supervisor.getRef(),
        results.getRef(), room.getRef(), limits, shares::set));
    // Every test's coordinator asks every agent listed, now and every 2 s: this test's job is the one with its id.
    JoinJob join;
    do {
      join = (JoinJob) agent.receiveMessage(WAIT);
    } while (!join.jobId().equals(id));
    ActorRef<ConsumerController.Command<WorkOrder>> consumer =
        KIT.spawn(ConsumerController.create(Coordination.workKey(join.workKey())));
    consumer.tell(new ConsumerController.Start<>(deliveries.getRef()));
    room.receiveMessage(WAIT);
    return join;
  }

  /** The node claims the URL it was delivered for {@code fetcher}; the supervisor answers {@code go}. */
  private void claim(JoinJob join, ConsumerController.Delivery<WorkOrder> delivery, ActorRef<Fetcher.Command> fetcher,
      boolean go) {
    int index = delivery.message().item().index();
    join.claims().tell(new Claim(item(index), NODE, fetcher, answers.getRef()));
    Crew.MayFetch ask = (Crew.MayFetch) supervisor.receiveMessage(WAIT);
    assertEquals(index, ask.index());
    ask.replyTo().tell(new Crew.MayFetch.Answer(index, fetcher, go));
    assertEquals(new Claim.Answer(index, go), answers.receiveMessage(WAIT));
    delivery.confirmTo().tell(ConsumerController.confirmed());
  }

  @Test
  void eachNodeHoldsAnEvenShareOfTheJobsByteRateAsNodesJoinAndTheRateChanges() {
    JoinJob join = startJob("j-rate", new JobLimits(4, 4, 2, 1_000_000, 50_000));
    TestProbe<JobWorker.Command> first = KIT.createTestProbe();
    TestProbe<JobWorker.Command> second = KIT.createTestProbe();
    join.joined().tell(new JoinJob.Joined(NODE, 4, first.getRef()));
    assertEquals(new JobWorker.Resize(4, 2, 1_000_000, 50_000), first.receiveMessage(WAIT), "alone: the whole rate");
    join.joined().tell(new JoinJob.Joined("127.0.0.3:25520", 4, second.getRef()));
    assertEquals(new JobWorker.Resize(4, 2, 500_000, 50_000), second.receiveMessage(WAIT), "half each");
    assertEquals(new JobWorker.Resize(4, 2, 500_000, 50_000), first.receiveMessage(WAIT), "the first's share shrinks");
    coordinatorOf(join).tell(new JobCoordinator.Resize(new JobLimits(4, 4, 2, 0, 0)));
    assertEquals(new JobWorker.Resize(4, 2, 0, 0), first.receiveMessage(WAIT), "off");
    assertEquals(new JobWorker.Resize(4, 2, 0, 0), second.receiveMessage(WAIT));
  }

  @Test
  void aPerHostPaceChangedLiveReachesEveryNodeAndANodeThatJoinsLater() {
    JoinJob join = startJob("j-pace", new JobLimits(4, 4, 2, 0, 0, 250, 0));
    TestProbe<JobWorker.Command> first = KIT.createTestProbe();
    join.joined().tell(new JoinJob.Joined(NODE, 4, first.getRef()));
    first.expectNoMessage(Duration.ofMillis(200)); // it read the job's limits, pace included, from the job's settings
    coordinatorOf(join).tell(new JobCoordinator.Resize(new JobLimits(4, 4, 2, 0, 0, 400, 0.5)));
    assertEquals(new JobWorker.Resize(4, 2, 0, 0, 400, 0.5), first.receiveMessage(WAIT), "each node's own pace");
    TestProbe<JobWorker.Command> later = KIT.createTestProbe();
    join.joined().tell(new JoinJob.Joined("127.0.0.3:25520", 4, later.getRef()));
    assertEquals(new JobWorker.Resize(4, 2, 0, 0, 400, 0.5), later.receiveMessage(WAIT),
        "a node that read the job's first pace gets the one in force");
  }

  @Test
  void aUrlGoesToTheNodeWithRoomIsClaimedThroughTheSupervisorAndItsResultComesBackNamingTheNode() {
    JoinJob join = startJob("j1");
    TestProbe<Fetcher.Command> fetcher = KIT.createTestProbe();
    TestProbe<JobWorker.Command> worker = KIT.createTestProbe();
    join.joined().tell(new JoinJob.Joined(NODE, 2, worker.getRef()));
    assertEquals(new JobWorker.Resize(4, 2), worker.receiveMessage(WAIT), "a node that read other limits gets the job's");

    ActorRef<JobCoordinator.Command> coordinator = coordinatorOf(join);
    coordinator.tell(new JobCoordinator.Hand(item(7), null));
    ConsumerController.Delivery<WorkOrder> delivery = deliveries.receiveMessage(WAIT);
    assertEquals(item(7), delivery.message().item());
    claim(join, delivery, fetcher.getRef(), true);
    room.receiveMessage(WAIT);

    join.results().tell(ok(7));
    assertEquals(ok(7).onNode(NODE), results.receiveMessage(WAIT));
    assertEquals(new Crew.Freed(fetcher.getRef(), item(7)), supervisor.receiveMessage(WAIT));
    assertEquals(List.of(new JobStatus.NodeShare(NODE, 4, 0, 1)), shares.get());
  }

  @Test
  void aNodesValidatorComesWithItsResultForTheJournalAndAHostileOneIsDropped() {
    JoinJob join = startJob("j-validator");
    TestProbe<Fetcher.Command> fetcher = KIT.createTestProbe();
    join.joined().tell(new JoinJob.Joined(NODE, 4, KIT.<JobWorker.Command>createTestProbe().getRef()));
    ActorRef<JobCoordinator.Command> coordinator = coordinatorOf(join);
    List<String> sent = List.of("\"bytes-3\"", "\"a\"\r\n{\"url\":\"http://evil/\"}", "\"" + "x".repeat(5000) + "\"");
    List<String> passed = new ArrayList<>();
    for (int i = 0; i < sent.size(); i++) {
      coordinator.tell(new JobCoordinator.Hand(item(i), null));
      claim(join, deliveries.receiveMessage(WAIT), fetcher.getRef(), true);
      room.receiveMessage(WAIT);
      join.results().tell(ok(i).withValidator(sent.get(i)));
      ItemResult result = results.receiveMessage(WAIT);
      assertEquals(ok(i).onNode(NODE).withValidator(result.validator()), result);
      passed.add(result.validator());
      supervisor.receiveMessage(WAIT); // the fetch is over: its fetcher is free
    }
    assertEquals(Arrays.asList("\"bytes-3\"", null, null), passed, "a line break or 5000 characters is no response's");
  }

  @Test
  void theUrlsOfAFetcherThatDiesGoBackToTheSupervisorAndARefusedClaimIsForgotten() {
    JoinJob join = startJob("j2");
    ActorRef<JobCoordinator.Command> coordinator = coordinatorOf(join);
    TestProbe<Fetcher.Command> dying = KIT.createTestProbe();
    TestProbe<Fetcher.Command> other = KIT.createTestProbe();

    coordinator.tell(new JobCoordinator.Hand(item(1), null));
    claim(join, deliveries.receiveMessage(WAIT), dying.getRef(), true);
    room.receiveMessage(WAIT);
    coordinator.tell(new JobCoordinator.Hand(item(2), null));
    claim(join, deliveries.receiveMessage(WAIT), other.getRef(), false);
    room.receiveMessage(WAIT);
    assertTrue(shares.get().stream().anyMatch(share -> share.node().equals(NODE) && share.inFlight() == 1), shares.get().toString());

    dying.stop();
    Crew.UrlsLost lost = (Crew.UrlsLost) supervisor.receiveMessage(WAIT);
    assertEquals(List.of(item(1)), lost.items());
    assertTrue(lost.again(), "another node may fetch it");
    join.results().tell(ok(2));
    results.receiveMessage(WAIT);
    // No Freed for a URL whose claim was refused: it was not this node's to fetch.
    supervisor.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void claimsOverlapAndAFetcherThatDiesHoldingItsUrlAndItsNextClaimedHandsBothBack() {
    JoinJob join = startJob("j3");
    ActorRef<JobCoordinator.Command> coordinator = coordinatorOf(join);
    TestProbe<Fetcher.Command> dying = KIT.createTestProbe();

    // Two URLs claimed for one fetcher (its URL and its next), each confirmed to work pulling as its claim is sent.
    coordinator.tell(new JobCoordinator.Hand(item(1), null));
    ConsumerController.Delivery<WorkOrder> first = deliveries.receiveMessage(WAIT);
    join.claims().tell(new Claim(item(1), NODE, dying.getRef(), answers.getRef()));
    first.confirmTo().tell(ConsumerController.confirmed());
    room.receiveMessage(WAIT);
    coordinator.tell(new JobCoordinator.Hand(item(2), null));
    ConsumerController.Delivery<WorkOrder> second = deliveries.receiveMessage(WAIT);
    join.claims().tell(new Claim(item(2), NODE, dying.getRef(), true, answers.getRef()));
    second.confirmTo().tell(ConsumerController.confirmed());
    room.receiveMessage(WAIT);

    Crew.MayFetch one = (Crew.MayFetch) supervisor.receiveMessage(WAIT);
    Crew.MayFetch two = (Crew.MayFetch) supervisor.receiveMessage(WAIT);
    assertEquals(List.of(1, 2), List.of(one.index(), two.index()), "both asked before either is answered");
    assertTrue(two.next() && !one.next(), "the supervisor hears which is the fetcher's next: its URL is not being written");
    two.replyTo().tell(new Crew.MayFetch.Answer(2, dying.getRef(), true));
    one.replyTo().tell(new Crew.MayFetch.Answer(1, dying.getRef(), true));
    assertEquals(new Claim.Answer(2, true), answers.receiveMessage(WAIT));
    assertEquals(new Claim.Answer(1, true), answers.receiveMessage(WAIT));

    dying.stop();
    Crew.UrlsLost lost = (Crew.UrlsLost) supervisor.receiveMessage(WAIT);
    assertEquals(Set.of(item(1), item(2)), Set.copyOf(lost.items()), "the one fetched and the next");
    assertTrue(lost.again(), "other nodes fetch them");
  }

  /** The coordinator itself: the JoinJob's coordinator field, which workers watch. */
  @SuppressWarnings("unchecked")
  private static ActorRef<JobCoordinator.Command> coordinatorOf(JoinJob join) {
    return (ActorRef<JobCoordinator.Command>) join.coordinator();
  }
}
