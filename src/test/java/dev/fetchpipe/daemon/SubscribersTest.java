package dev.fetchpipe.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class SubscribersTest {
  private static final ActorTestKit KIT = ActorTestKit.create();

  @AfterAll
  static void down() {
    KIT.shutdownTestKit();
  }

  private static ObjectNode status(String state) {
    return Json.MAPPER.createObjectNode().put("state", state);
  }

  @Test
  void eachStreamGetsEveryEventThenTheEndAndCloses() {
    Subscribers subscribers = new Subscribers();
    TestProbe<JobFeed> first = KIT.createTestProbe();
    TestProbe<JobFeed> second = KIT.createTestProbe();
    subscribers.add(first.getRef(), true, true);
    subscribers.send("progress", status("RUNNING"));
    subscribers.add(second.getRef(), true, true);
    subscribers.end(status("DONE"));

    assertEquals("progress", first.expectMessageClass(JobFeed.Event.class).type());
    assertEquals("end", first.expectMessageClass(JobFeed.Event.class).type());
    first.expectMessage(JobFeed.End.INSTANCE);
    // A stream hears only what happens after it subscribed.
    assertEquals("end", second.expectMessageClass(JobFeed.Event.class).type());
    second.expectMessage(JobFeed.End.INSTANCE);
    assertEquals(0, subscribers.size());
  }

  @Test
  void aStreamThatWentAwayHearsNothingMoreAndOneLateToAnEndedJobHearsTheEndAtOnce() {
    Subscribers subscribers = new Subscribers();
    TestProbe<JobFeed> gone = KIT.createTestProbe();
    subscribers.add(gone.getRef(), true, true);
    subscribers.remove(gone.getRef());
    subscribers.end(status("DONE"));
    gone.expectNoMessage();

    TestProbe<JobFeed> late = KIT.createTestProbe();
    Subscribers.endedAlready(late.getRef(), status("DONE"));
    assertEquals("DONE", late.expectMessageClass(JobFeed.Event.class).data().get("state").asText());
    late.expectMessage(JobFeed.End.INSTANCE);
  }

  @Test
  void itemEventsGoOnlyToStreamsThatAskedForThem() {
    Subscribers subscribers = new Subscribers();
    TestProbe<JobFeed> progressOnly = KIT.createTestProbe();
    subscribers.add(progressOnly.getRef(), false, true);
    assertFalse(subscribers.wantItems(), "no stream takes items: the job makes none");

    TestProbe<JobFeed> everything = KIT.createTestProbe();
    subscribers.add(everything.getRef(), true, true);
    assertTrue(subscribers.wantItems());
    subscribers.send(Subscribers.ITEM, status("OK"));
    subscribers.send("progress", status("RUNNING"));

    assertEquals(Subscribers.ITEM, everything.expectMessageClass(JobFeed.Event.class).type());
    assertEquals("progress", everything.expectMessageClass(JobFeed.Event.class).type());
    assertEquals("progress", progressOnly.expectMessageClass(JobFeed.Event.class).type());
    progressOnly.expectNoMessage();

    subscribers.remove(everything.getRef());
    assertFalse(subscribers.wantItems(), "the one that took items went away");
    subscribers.add(progressOnly.getRef(), true, true);
    subscribers.add(progressOnly.getRef(), false, true);
    assertFalse(subscribers.wantItems(), "subscribing again replaces what a stream asked for");
  }

  @Test
  void aStreamThatHearsTheProgressAtItsOwnPaceGetsEveryOtherEventButNoProgress() {
    Subscribers subscribers = new Subscribers();
    TestProbe<JobFeed> owner = KIT.createTestProbe();
    subscribers.add(owner.getRef(), false, false);

    subscribers.send(Subscribers.PROGRESS, status("RUNNING"));
    subscribers.send("cancel", status("DRAINING"));
    subscribers.end(status("DONE"));

    assertEquals("cancel", owner.expectMessageClass(JobFeed.Event.class).type());
    assertEquals("end", owner.expectMessageClass(JobFeed.Event.class).type());
    owner.expectMessage(JobFeed.End.INSTANCE);
  }
}
