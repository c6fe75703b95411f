package dev.fetchpipe.daemon;

import dev.fetchpipe.metrics.FetchpipeMetrics;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;

/** What a {@link DaemonJob} needs from the daemon around it. */
public record DaemonJobContext(StateDir stateDir, Executor blockingIo, ActorRef<JobRegistry.Command> registry,
    FetchpipeMetrics metrics, boolean cluster) {}
