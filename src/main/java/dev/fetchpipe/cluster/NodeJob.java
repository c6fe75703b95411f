package dev.fetchpipe.cluster;

import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.pipeline.CookieJar;
import dev.fetchpipe.pipeline.DiskWriter;
import dev.fetchpipe.pipeline.FetchGauges;
import dev.fetchpipe.pipeline.JobClock;
import dev.fetchpipe.report.ItemResult;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;

/**
 * What every fetcher of one job on one node shares: the job's settings as this node reads them, its HTTP pool
 * settings, this node's writer for the job, where claims and results go, the coordinator's clock, and this node's
 * cookie jar (seeded from the job's fetch.cookies.file as this node reads it; never written back from a node).
 *
 * @param node the node, "host:port", as reports and status name it
 */
record NodeJob(
    String node,
    FetchpipeSettings settings,
    ConnectionPoolSettings pool,
    ActorRef<DiskWriter.Command> writer,
    ActorRef<Claim> claims,
    ActorRef<ItemResult> results,
    JobClock clock,
    FetchGauges gauges,
    CookieJar cookies) {
}
