package dev.fetchpipe.cluster;

import dev.fetchpipe.job.JobItem;
import dev.fetchpipe.pipeline.Fetcher;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * From a node's {@link JobWorker} to the job's coordinator, before it fetches a URL it was handed: may it? The
 * coordinator says no when the URL is not waiting to be fetched any more (it ended elsewhere: a URL is handed out
 * again when the node it went to died) or when the job was cancelled before the URL started. Otherwise it notes which
 * fetcher on which node has the URL: a cancel reaches that fetcher, and if it dies the URL is handed out again.
 *
 * @param item    the URL as the node was handed it: the coordinator says no unless it handed out exactly this one (a
 *                work order that did not come from it must not be fetched, nor written under a name it did not give)
 * @param node    the claiming node, "host:port"
 * @param fetcher the fetcher that will fetch it, for {@link Fetcher.NoMoreRetries} and {@link Fetcher.Abort}
 * @param next    the fetcher is still on another URL: this is the one it fetches next (that one is not being written)
 */
public record Claim(JobItem item, String node, ActorRef<Fetcher.Command> fetcher, boolean next, ActorRef<Answer> replyTo)
    implements ClusterMessage {

  /** A claim for a fetcher that has no URL now. */
  public Claim(JobItem item, String node, ActorRef<Fetcher.Command> fetcher, ActorRef<Answer> replyTo) {
    this(item, node, fetcher, false, replyTo);
  }

  /** The URL's place in the job. */
  public int index() {
    return item.index();
  }

  /** The coordinator's answer: {@code go} to fetch it, else confirm it without fetching. */
  public record Answer(int index, boolean go) implements ClusterMessage {}
}
