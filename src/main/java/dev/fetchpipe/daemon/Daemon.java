package dev.fetchpipe.daemon;

import com.typesafe.config.Config;
import dev.fetchpipe.build.Build;
import dev.fetchpipe.config.ClusterSettings;
import dev.fetchpipe.config.DaemonSettings;
import dev.fetchpipe.config.FetchpipeSettings;
import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.metrics.FetchpipeMetrics;
import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.report.PlainWords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;

/**
 * A running daemon: its state dir locked, its actor system (the {@link JobRegistry} as guardian) carrying on the jobs
 * an earlier life left unfinished, and its API bound. {@link #stop} stops it as Ctrl-C does: running jobs are
 * cancelled gracefully and kept for the next start; a second stop aborts them.
 */
public final class Daemon {
  private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);
  /** Longest a node of a cluster waits to be up in it before it carries its unfinished jobs on alone. */
  private static final Duration CARRY_ON_ALONE_AFTER = Duration.ofSeconds(30);
  /** Once the registry has stopped, connections still open (event streams) get this long to close. */
  private static final Duration UNBIND_DEADLINE = Duration.ofSeconds(3);
  /** Added to the actor-system-terminate phase's bound before the daemon stops waiting for the system's end. */
  private static final Duration TERMINATE_MARGIN = Duration.ofSeconds(1);

  private final ActorSystem<JobRegistry.Command> system;
  private final StateDir stateDir;
  private final DaemonAddress address;
  private final List<String> warnings;
  /** Completes when CoordinatedShutdown reaches its last phase: every job has ended and is journaled by then. */
  private final CompletableFuture<Done> lastPhase;
  /** How long the actor system is given to terminate once the last phase is reached (that phase's own bound). */
  private final Duration terminateBound;

  private Daemon(ActorSystem<JobRegistry.Command> system, StateDir stateDir, DaemonAddress address, List<String> warnings,
      CompletableFuture<Done> lastPhase, Duration terminateBound) {
    this.system = system;
    this.stateDir = stateDir;
    this.address = address;
    this.warnings = warnings;
    this.lastPhase = lastPhase;
    this.terminateBound = terminateBound;
  }

  /**
   * Starts a daemon and returns once its API answers and daemon.json names it.
   *
   * @param merged     the daemon's merged config: Pekko's settings, and the layer every job goes over
   * @param workingDir what a job's relative paths are relative to
   * @throws SettingsException when it cannot start: a state dir in use or unwritable, an address that cannot be bound
   */
  public static Daemon start(Config merged, DaemonSettings settings, Path workingDir) {
    return start(merged, settings, workingDir, false);
  }

  /**
   * @param background a daemon {@code run} started in the background: it stops by itself after daemon.idle-timeout
   *                   with no job and no client
   */
  public static Daemon start(Config merged, DaemonSettings settings, Path workingDir, boolean background) {
    StateDir stateDir = StateDir.open(settings.stateDir());
    try {
      List<String> warnings = new ArrayList<>();
      List<StateDir.Found> found = stateDir.jobs(warnings);
      String token = settings.token() != null ? settings.token() : randomToken();
      Confinement confinement = new Confinement(allowedRoots(settings), stateDir.path());
      JobRequests.Rules rules = new JobRequests.Rules(merged, workingDir, settings.maxInFlightLimit(),
          settings.maxBodySize(), confinement);
      JobRegistry.JobParser parser = (job, carryOn, run) -> JobRequests.parse(job, rules, carryOn, run);
      List<JobRegistry.Carried> carried = readKept(found, parser);
      FetchpipeMetrics metrics = new FetchpipeMetrics(settings.metricsJobsKept());
      ActorSystem<JobRegistry.Command> system = ActorSystem.create(
          JobRegistry.create(stateDir, settings.maxJobs(), settings.keepEnded(), parser, metrics,
              settings.cluster().enabled(), background ? settings.idleTimeout() : null, settings.shutdownTimeout()),
          ClusterSettings.SYSTEM_NAME,
          systemConfig(merged, settings));
      closePoolsOnShutdown(system);
      CompletableFuture<Done> lastPhase = lastPhaseReached(system);
      try {
        var parsing = system.dispatchers().lookup(DispatcherSelector.fromConfig(DaemonSettings.PARSING_DISPATCHER));
        JobIntake intake = new JobIntake(parser, confinement, parsing, settings.limits().parseTimeout());
        DaemonAddress address = bind(system, merged, settings, token, intake, metrics, background);
        stateDir.writeAddress(address);
        // Up: the run that started it no longer says it is on its way.
        java.nio.file.Files.deleteIfExists(stateDir.path().resolve(StateDir.STARTING_FILE));
        carryOnJobs(system, settings, carried);
        return new Daemon(system, stateDir, address, warnings, lastPhase,
            settings.shutdownTimeout().dividedBy(4).plus(TERMINATE_MARGIN));
      } catch (RuntimeException | IOException e) {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
        throw e instanceof SettingsException settingsProblem ? settingsProblem
            : new SettingsException("--state-dir", "cannot write " + stateDir.path().resolve(StateDir.ADDRESS_FILE) + ": " + e.getMessage());
      }
    } catch (IOException e) {
      stateDir.close();
      throw new SettingsException("--state-dir", "cannot read the jobs in " + stateDir.path() + ": " + e.getMessage());
    } catch (RuntimeException e) {
      stateDir.close();
      throw e;
    }
  }

  /**
   * daemon.allowed-roots as the paths they really are (links followed): each must be a folder. The default root of a
   * daemon other machines can reach, the state dir's files/, is made (for this user alone) when missing.
   */
  private static List<Path> allowedRoots(DaemonSettings settings) {
    List<Path> roots = new ArrayList<>();
    Path defaultRoot = settings.stateDir().resolve(DaemonSettings.STATE_FILES_DIR);
    for (Path root : settings.allowedRoots()) {
      try {
        if (root.equals(defaultRoot)) {
          Files.createDirectories(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path real = Confinement.real(root);
        if (!Files.isDirectory(real)) throw new IOException("no such folder");
        roots.add(real);
      } catch (IOException e) {
        throw new SettingsException("fetchpipe.daemon.allowed-roots", root + ": " + e.getMessage());
      }
    }
    return roots;
  }

  /** The jobs found in the state dir, each to carry on read now, before the actors start. */
  private static List<JobRegistry.Carried> readKept(List<StateDir.Found> found, JobRegistry.JobParser parser) {
    List<JobRegistry.Carried> carried = new ArrayList<>();
    for (StateDir.Found kept : found) {
      if (kept.finalStatus() != null) {
        carried.add(new JobRegistry.Carried(kept.job(), kept.finalStatus(), kept.endedAt(), null, null));
        continue;
      }
      try {
        JobRequests.Parsed parsed = parser.parse(kept.job().config(), true, false);
        JobRequests.checkUrlFile(parsed); // the file may have changed since the job came
        carried.add(new JobRegistry.Carried(kept.job(), null, null, parsed, null));
      } catch (SettingsException e) {
        carried.add(new JobRegistry.Carried(kept.job(), null, null, null, e.getMessage()));
      } catch (RuntimeException | StackOverflowError e) {
        carried.add(new JobRegistry.Carried(kept.job(), null, null, null, "its config cannot be read: " + e));
      }
    }
    return carried;
  }

  private static DaemonAddress bind(ActorSystem<JobRegistry.Command> system, Config merged, DaemonSettings settings,
      String token,
      JobIntake intake, FetchpipeMetrics metrics, boolean background) {
    // The port is known only once bound (0 picks one), and Access needs it: no request is allowed until it is set.
    AtomicReference<Access> access = new AtomicReference<>();
    var blockingIo = system.dispatchers().lookup(DispatcherSelector.fromConfig(FetchpipeSettings.BLOCKING_IO_DISPATCHER));
    DaemonRoutes routes = new DaemonRoutes(system, access::get, token, settings.maxBodySize(), settings.maxInFlightLimit(),
        intake, blockingIo, metrics,
        new EventStreams(settings.limits().maxEventStreams(), settings.limits().maxEventStreamsPerJob()),
        settings.limits().eventBuffer());
    ActorSystem<Void> api = ApiServer.system(merged, settings);
    ApiServer.stopWith(system, api);
    ServerBinding binding;
    try {
      binding = ApiServer.bind(api, settings, routes)
          .toCompletableFuture().get(BIND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw cannotBind(settings, "interrupted");
    } catch (ExecutionException e) {
      throw cannotBind(settings, rootMessage(e.getCause()));
    } catch (TimeoutException e) {
      throw cannotBind(settings, "no answer within " + BIND_TIMEOUT.toSeconds() + " s");
    }
    binding.addToCoordinatedShutdown(UNBIND_DEADLINE, system);
    int port = binding.localAddress().getPort();
    access.set(new Access(token, settings.host(), port, DaemonSettings.isLoopbackHost(settings.host())));
    String host = settings.host().contains(":") && !settings.host().startsWith("[") ? "[" + settings.host() + "]" : settings.host();
    Duration idle = background ? settings.idleTimeout() : null;
    return new DaemonAddress("http://" + host + ":" + port + "/", token, ProcessHandle.current().pid(), settings.host(), port,
        Build.id(), idle == null ? null : IdleWatch.describe(idle));
  }

  /**
   * The jobs' system's config: the daemon's, and a cluster's when it is a node of one (the API has its own). Each phase
   * of its CoordinatedShutdown waits a quarter of daemon.shutdown-timeout at most: Pekko's 5 to 10 s a phase added up
   * past a minute when a node's peers were gone.
   */
  private static Config systemConfig(Config merged, DaemonSettings settings) {
    String phase = settings.shutdownTimeout().dividedBy(4).toMillis() + "ms";
    Config own = com.typesafe.config.ConfigFactory.parseString(String.join("\n",
        "pekko.coordinated-shutdown.default-phase-timeout = " + phase,
        "pekko.coordinated-shutdown.phases.cluster-sharding-shutdown-region.timeout = " + phase,
        "pekko.coordinated-shutdown.phases.cluster-exiting.timeout = " + phase,
        "pekko.coordinated-shutdown.phases.actor-system-terminate.timeout = " + phase));
    return settings.cluster().enabled() ? own.withFallback(settings.cluster().pekkoConfig()).withFallback(merged)
        : own.withFallback(merged);
  }

  /**
   * The jobs an earlier life left unfinished start again. A node of a cluster waits until it is up in the cluster, so
   * that the other nodes fetch for them from the start (a coordinator restarted after a crash rejoins first), but no
   * longer than CARRY_ON_ALONE_AFTER: a node that cannot reach any other carries its jobs on alone.
   */
  private static void carryOnJobs(ActorSystem<JobRegistry.Command> system, DaemonSettings settings,
      List<JobRegistry.Carried> found) {
    JobRegistry.CarryOn carryOn = new JobRegistry.CarryOn(found);
    if (!settings.cluster().enabled() || found.isEmpty()) {
      system.tell(carryOn);
      return;
    }
    org.apache.pekko.cluster.Cluster.get(system.classicSystem()).registerOnMemberUp(() -> system.tell(carryOn));
    system.scheduler().scheduleOnce(CARRY_ON_ALONE_AFTER, () -> system.tell(carryOn), system.executionContext());
  }

  /** Without this Pekko HTTP logs "connection pool has shut down unexpectedly" as the system terminates. */
  private static void closePoolsOnShutdown(ActorSystem<?> system) {
    Http http = Http.get(system);
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceStop(), "close-http-pools",
        () -> http.shutdownAllConnectionPools().thenApply(ignored -> Done.done()));
  }

  private static String randomToken() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static SettingsException cannotBind(DaemonSettings settings, String reason) {
    return new SettingsException("--port", "cannot listen on " + settings.host() + ":" + settings.port() + ": " + reason);
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String message = root.getMessage();
    return message == null || message.isBlank() ? PlainWords.of(root) : PlainWords.text(message.replaceFirst("^\\[[^\\]]*\\]\\s*", ""));
  }

  /** The jobs' actor system (the API has its own): a test takes its threads to show the API does without them. */
  ActorSystem<JobRegistry.Command> jobsSystem() {
    return system;
  }

  public DaemonAddress address() {
    return address;
  }

  /** Problems found in the state dir at start (a job folder that could not be read), one line each. */
  public List<String> warnings() {
    return warnings;
  }

  /** Stops the daemon as a signal does: the first call cancels running jobs gracefully, a second aborts them. */
  public void stop(CancelSource source) {
    system.tell(new JobRegistry.Shutdown(source));
  }

  /**
   * Completes once every job has stopped and the daemon is down; daemon.json is then gone. Down is the actor system's
   * end, or the bound of CoordinatedShutdown's last phase passed after it began: once in a while the system's end
   * hung after that phase (Artery, with another cluster's node refused mid-handshake), and everything that matters
   * (the jobs ended and journaled, the cluster left, the API unbound) is done before that phase.
   */
  public CompletionStage<Done> whenStopped() {
    CompletableFuture<Done> terminated = system.getWhenTerminated().toCompletableFuture();
    CompletableFuture<Done> boundPassed = lastPhase.thenApplyAsync(done -> done,
        CompletableFuture.delayedExecutor(terminateBound.toMillis(), TimeUnit.MILLISECONDS));
    return terminated.applyToEither(boundPassed, done -> {
      if (!terminated.isDone()) {
        System.err.println("fetchpipe daemon: its actor system had not ended " + terminateBound.toSeconds()
            + " s after its last shutdown phase began; every job had ended: stopping anyway.");
      }
      stateDir.close();
      return done;
    });
  }

  /** A task of CoordinatedShutdown's phase before the system's end, completing the future it returns when it runs. */
  private static CompletableFuture<Done> lastPhaseReached(ActorSystem<?> system) {
    CompletableFuture<Done> reached = new CompletableFuture<>();
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "note-last-phase",
        () -> {
          reached.complete(Done.done());
          return CompletableFuture.completedFuture(Done.done());
        });
    return reached;
  }
}
