package dev.fetchpipe.cluster;

import dev.fetchpipe.pipeline.Fetcher;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * From a {@link FetchSlot} to the job's coordinator, before it fetches a URL it was handed: may it? The coordinator
 * says no when the URL has ended already (work pulling hands a URL out again when the node it went to left, and that
 * node may have finished it first) or when the job was cancelled before the URL started. Otherwise it notes which
 * fetcher on which node has the URL, so that a cancel reaches it.
 *
 * @param node    the claiming node, "host:port"
 * @param fetcher the fetcher that will fetch it, for {@link Fetcher.NoMoreRetries} and {@link Fetcher.Abort}
 */
public record Claim(int index, String node, ActorRef<Fetcher.Command> fetcher, ActorRef<Answer> replyTo)
    implements ClusterMessage {

  /** The coordinator's answer: {@code go} to fetch it, else confirm it without fetching. */
  public record Answer(int index, boolean go) implements ClusterMessage {}
}
