package dev.fetchpipe.cluster;

import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.journal.JournalEntry;
import dev.fetchpipe.pipeline.Fetcher;
import dev.fetchpipe.pipeline.JobStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.delivery.ConsumerController;
import org.apache.pekko.actor.typed.delivery.WorkPullingProducerController;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * What the coordinator of a cluster job knows of its URLs on the nodes: plain data, no actors. Whether a node somewhere
 * has room (work pulling's pending request for the next URL), which node's fetcher has claimed which URL, the nodes
 * that joined, and how many URLs each node finished.
 *
 * <p>A URL is claimed by one fetcher at a time. A second claim of the same URL replaces the first: a URL is handed out
 * again only when the node it went to is gone, so the first claimer cannot report any more. A fetcher fetches one URL
 * at a time and may have its next claimed while it does: its latest claim stands for it in each node's count of URLs in
 * flight (one per busy fetcher), and any earlier URL of its own still unfinished is being fetched or written.
 */
public final class Coordination {
  private WorkPullingProducerController.RequestNext<WorkOrder> demand;
  private final Map<Integer, Claim> claims = new HashMap<>();
  /** The URL each fetcher fetches now (its latest claim), by fetcher. */
  private final Map<ActorRef<Fetcher.Command>, Integer> fetchingBy = new HashMap<>();
  private final Set<ActorRef<Fetcher.Command>> watched = new HashSet<>();
  private final Map<String, JoinJob.Joined> nodes = new LinkedHashMap<>();
  private final Map<String, Integer> finishedByNode = new LinkedHashMap<>();

  /** The Receptionist key a job's workers register under, from the name its {@link JoinJob} gives. */
  public static ServiceKey<ConsumerController.Command<WorkOrder>> workKey(String name) {
    return ServiceKey.create(ConsumerController.serviceKeyClass(), name);
  }

  /** A node somewhere can take one more URL. */
  public void demand(WorkPullingProducerController.RequestNext<WorkOrder> next) {
    demand = next;
  }

  public boolean hasDemand() {
    return demand != null;
  }

  /** Hands the URL (and the earlier run's file to revalidate, or null) to work pulling, which sends it to a node with room; the next one waits for the next demand. */
  public void send(JobItem item, JournalEntry saved) {
    demand.sendNextTo().tell(new WorkOrder(item, saved));
    demand = null;
  }

  /** Notes who fetches the URL; true when its fetcher is new here (the coordinator watches it, to hear if it dies). */
  public boolean claim(Claim claim) {
    Claim before = claims.put(claim.index(), claim);
    if (before != null) fetchingBy.remove(before.fetcher(), claim.index());
    fetchingBy.put(claim.fetcher(), claim.index());
    return watched.add(claim.fetcher());
  }

  /** The claim on this URL, or null when none is (not handed out yet, or its node left). */
  public Claim claimOf(int index) {
    return claims.get(index);
  }

  /** The URL has ended: its node is counted, and its claim forgotten. Returns the claim, or null when unclaimed. */
  public Claim ended(int index) {
    Claim claim = claims.remove(index);
    if (claim == null) return null;
    fetchingBy.remove(claim.fetcher(), index);
    finishedByNode.merge(claim.node(), 1, Integer::sum);
    return claim;
  }

  /** A fetcher stopped (its node left or died): the URLs it had claimed and not finished, claims removed. */
  public List<Integer> lost(ActorRef<Fetcher.Command> fetcher) {
    watched.remove(fetcher);
    fetchingBy.remove(fetcher);
    List<Integer> lost = new ArrayList<>();
    claims.entrySet().removeIf(entry -> {
      if (!entry.getValue().fetcher().equals(fetcher)) return false;
      lost.add(entry.getKey());
      return true;
    });
    return lost;
  }

  /** URLs a fetcher somewhere has claimed and not finished. */
  public int claimed() {
    return claims.size();
  }

  public void joined(JoinJob.Joined joined) {
    nodes.put(joined.node(), joined);
  }

  /** The node's worker for the job stopped (it left the cluster, or died): it takes no more URLs. */
  public void left(String node) {
    nodes.remove(node);
  }

  /** The nodes that joined and have not left, in the order they joined. */
  public List<JoinJob.Joined> nodes() {
    return List.copyOf(nodes.values());
  }

  /**
   * Each node's part: those that joined, in the order they did, and any other that finished a URL. A node's URLs in
   * flight are those its fetchers fetch now, not those with its writer.
   *
   * @param slotsNow what each node that has joined fetches at once
   */
  public List<JobStatus.NodeShare> shares(int slotsNow) {
    Map<String, Integer> inFlight = new HashMap<>();
    fetchingBy.values().stream().map(claims::get).forEach(claim -> inFlight.merge(claim.node(), 1, Integer::sum));
    Set<String> named = new LinkedHashSet<>(nodes.keySet());
    named.addAll(finishedByNode.keySet());
    named.addAll(inFlight.keySet());
    List<JobStatus.NodeShare> shares = new ArrayList<>();
    for (String node : named) {
      shares.add(new JobStatus.NodeShare(node, nodes.containsKey(node) ? slotsNow : 0,
          inFlight.getOrDefault(node, 0), finishedByNode.getOrDefault(node, 0)));
    }
    return shares;
  }
}
