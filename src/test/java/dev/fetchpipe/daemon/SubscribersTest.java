package dev.fetchpipe.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.util.ByteString;
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
  void anEventIsEncodedOnceForAllItsStreams() throws Exception {
    Subscribers subscribers = new Subscribers();
    List<TestProbe<JobFeed>> streams = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      TestProbe<JobFeed> stream = KIT.createTestProbe();
      streams.add(stream);
      subscribers.add(stream.getRef(), true, true);
    }
    subscribers.send("progress", status("RUNNING").put("note", "line\nbreak, \u00e9"));
    List<JobFeed.Event> received = new ArrayList<>();
    for (TestProbe<JobFeed> stream : streams) received.add(stream.expectMessageClass(JobFeed.Event.class));
    // Every stream's route asks for its frame at once, each on a thread of its own, as 16 streams' stages would.
    ExecutorService threads = Executors.newFixedThreadPool(16);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<ByteString>> frames = new ArrayList<>();
      for (JobFeed.Event event : received) frames.add(threads.submit(() -> {
        go.await();
        return event.frame();
      }));
      go.countDown();
      ByteString first = frames.get(0).get();
      // One event, one frame: the same bytes, made once (not 16 equal copies).
      for (Future<ByteString> frame : frames) assertSame(first, frame.get());
      for (JobFeed.Event event : received) assertSame(received.get(0), event);
      // As Pekko's ServerSentEvent encodes it, on one data line: the line break in the string is escaped.
      assertEquals("data:{\"state\":\"RUNNING\",\"note\":\"line\\nbreak, \u00e9\"}\nevent:progress\n\n",
          first.utf8String());
    } finally {
      threads.shutdownNow();
    }
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
