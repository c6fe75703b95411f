package dev.fetchpipe.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who makes room when the daemon has as many connections as it takes. */
class ConnectionsTest {

  @Test
  void strangersGoFirstThenIdleUsersAndConnectionsAtWorkStay() {
    Connections connections = new Connections(4);
    List<Connections.Connection> open = new ArrayList<>();
    for (int i = 0; i < 4; i++) open.add(connections.open());
    open.get(0).known = true;       // a user between requests
    open.get(1).known = true;       // a user's event stream
    open.get(1).streaming = true;
    open.get(2).known = true;       // a user waiting for an answer
    open.get(2).answering();
    // open.get(3): a stranger

    Connections.Connection second = connections.open();
    assertTrue(open.get(3).closed, "the stranger makes room first");
    Connections.Connection third = connections.open();
    assertTrue(second.closed, "then the newest stranger, older than the newcomer");
    assertFalse(third.closed);
    third.known = true;
    third.streaming = true;
    Connections.Connection fourth = connections.open();
    assertTrue(open.get(0).closed, "then the idle user");
    fourth.known = true;
    fourth.answering();
    Connections.Connection fifth = connections.open();
    assertTrue(fifth.closed, "when every connection is at work, the newcomer is closed");
    assertFalse(open.get(1).closed || open.get(2).closed || third.closed || fourth.closed);
    assertEquals(4, connections.size());

    connections.closed(third);
    assertFalse(connections.open().closed, "a connection that ended made room");
  }
}
