package dev.fetchpipe.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;

/** The cluster as this node sees it, for GET /api/cluster: itself, and every member with its status and reachability. */
public final class Membership {
  private Membership() {}

  /**
   * {@code {"self": "127.0.0.1:25520", "members": [{"node": "127.0.0.1:25520", "status": "Up", "reachable": true,
   * "roles": [...]}, ...]}}; null when the system is not a node of a cluster.
   */
  public static ObjectNode of(ActorSystem<?> system, ObjectMapper json) {
    if (!"cluster".equals(system.settings().config().getString("pekko.actor.provider"))) return null;
    var state = Cluster.get(system).state();
    ObjectNode body = json.createObjectNode();
    body.put("self", NodeAgent.selfNode(system));
    ArrayNode members = body.putArray("members");
    for (Member member : state.getMembers()) {
      ObjectNode node = members.addObject();
      node.put("node", name(member.address()));
      node.put("status", member.status().toString());
      node.put("reachable", !state.getUnreachable().contains(member));
    }
    return body;
  }

  private static String name(Address address) {
    return address.host().get() + ":" + address.port().get();
  }
}
