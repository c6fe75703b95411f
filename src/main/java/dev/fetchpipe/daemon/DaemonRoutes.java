package dev.fetchpipe.daemon;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.entity;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.handleExceptions;
import static org.apache.pekko.http.javadsl.server.Directives.handleRejections;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;
import static org.apache.pekko.http.javadsl.server.Directives.parameterMap;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.patch;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.pathSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.Directives.respondWithHeader;
import static org.apache.pekko.http.javadsl.server.Directives.withSizeLimit;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fetchpipe.cluster.Membership;
import dev.fetchpipe.config.SettingsException;
import dev.fetchpipe.metrics.FetchpipeMetrics;
import dev.fetchpipe.pipeline.LimitOrder;
import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.report.JobReport;
import dev.fetchpipe.report.PlainWords;
import dev.fetchpipe.timeline.TimelinePage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.Cookie;
import org.apache.pekko.http.javadsl.model.headers.HttpCookie;
import org.apache.pekko.http.javadsl.model.headers.HttpCookiePair;
import org.apache.pekko.http.javadsl.model.headers.SameSite;
import org.apache.pekko.http.javadsl.model.headers.SetCookie;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MalformedRequestContentRejection;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;

/**
 * The daemon's HTTP API (docs/daemon-api.md): every request passes {@link Access} first; each route asks the
 * {@link JobRegistry} or a {@link DaemonJob} and answers with JSON. Errors are one line, {@code {"error": "..."}}.
 */
final class DaemonRoutes {
  /** Questions to the actors are answered at once unless the machine is stalled. */
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);
  /** Prometheus' text format: text/plain; version=0.0.4; charset=utf-8. */
  private static final ContentType METRICS_TYPE = ContentTypes.parse(FetchpipeMetrics.CONTENT_TYPE);

  private final ActorSystem<JobRegistry.Command> system;
  /** Set once the port is bound; until then (for a moment at start) no request is allowed. */
  private final Supplier<Access> access;
  private final String token;
  private final long maxBodySize;
  private final int maxInFlightLimit;
  private final JobIntake intake;
  private final Executor blockingIo;
  private final FetchpipeMetrics metrics;
  private final EventRoutes eventRoutes;

  DaemonRoutes(ActorSystem<JobRegistry.Command> system, Supplier<Access> access, String token, long maxBodySize,
      int maxInFlightLimit, JobIntake intake, Executor blockingIo, FetchpipeMetrics metrics, EventStreams streams,
      int eventBuffer) {
    this.system = system;
    this.access = access;
    this.token = token;
    this.maxBodySize = maxBodySize;
    this.maxInFlightLimit = maxInFlightLimit;
    this.intake = intake;
    this.blockingIo = blockingIo;
    this.metrics = metrics;
    this.eventRoutes = new EventRoutes(system, streams, eventBuffer);
  }

  Route route() {
    return handleExceptions(exceptions(), () -> handleRejections(rejections(), () ->
        extractRequest(request -> guarded(request, () -> withSizeLimit(maxBodySize, () -> concat(
            pathSingleSlash(() -> get(() -> complete(LivePage.index()))),
            pathPrefix("page", () -> path(segment(), name -> get(() -> page(name)))),
            path("metrics", () -> get(this::metrics)),
            path(PathMatchers.segment("api").slash("cluster"), () -> get(this::cluster)),
            pathPrefix("api", () -> pathPrefix("jobs", () -> concat(
                pathEnd(() -> concat(post(this::submit), get(this::list))),
                pathPrefix(segment(), id -> concat(
                    pathEnd(() -> concat(get(() -> status(id)), patch(() -> resize(id)))),
                    path("events", () -> get(() -> parameterOptional("items",
                        items -> withJob(id, job -> eventRoutes.events(id, job, items))))),
                    path("report", () -> get(() -> report(id))),
                    path("timeline", () -> get(() -> timeline(id))),
                    path("cancel", () -> post(() -> cancel(id))))))))))))));
  }

  // --- who may ask -------------------------------------------------------------------------------------------------

  private Route guarded(HttpRequest request, Supplier<Route> inner) {
    system.tell(new JobRegistry.Seen(IdleWatch.Activity.REQUEST));
    Access.Verdict verdict = verdict(request);
    if (verdict == null) return json(ApiReply.error(503, "the daemon is starting"));
    if (verdict != Access.Verdict.ALLOWED) {
      // The page holds no job: without the token it loads, the API answers it 401, and it says which URL to open.
      boolean pageWithoutToken = verdict.status == 401 && LivePage.serves(request.getUri().path());
      return pageWithoutToken ? inner.get() : json(ApiReply.error(verdict.status, verdict.message));
    }
    if (request.getUri().query().get("token").isEmpty()) return inner.get();
    // A browser opened the printed URL: from now on its cookie carries the token, and the URL need not.
    HttpCookie cookie = HttpCookie.create(Access.COOKIE, token).withPath("/").withHttpOnly(true)
        .withSameSite(SameSite.Strict);
    return respondWithHeader(SetCookie.create(cookie), inner);
  }

  /** Whether the request may use the daemon (see {@link Access}); null while the daemon is starting. */
  Access.Verdict verdict(HttpRequest request) {
    Access checker = access.get();
    if (checker == null) return null;
    return checker.check(
        header(request, "Host").orElse(""),
        header(request, "Origin"),
        header(request, "Authorization"),
        request.getUri().query().get("token"),
        cookie(request, Access.COOKIE));
  }

  private static Optional<String> cookie(HttpRequest request, String name) {
    return request.getHeader(Cookie.class).flatMap(cookies -> {
      for (HttpCookiePair pair : cookies.getCookies()) {
        if (pair.name().equals(name)) return Optional.of(pair.value());
      }
      return Optional.empty();
    });
  }

  private static Optional<String> header(HttpRequest request, String name) {
    return request.getHeader(name).map(HttpHeader::value);
  }

  /** Prometheus' scrape: behind the token like every route (its scrape config sends it as a bearer token). */
  private Route metrics() {
    return onSuccess(CompletableFuture.supplyAsync(metrics::scrape, blockingIo), page ->
        complete(HttpResponse.create().withEntity(HttpEntities.create(METRICS_TYPE, page))));
  }

  // --- jobs --------------------------------------------------------------------------------------------------------

  private Route page(String name) {
    HttpResponse file = LivePage.asset(name);
    return file != null ? complete(file) : json(ApiReply.error(404, "the page has no file " + name));
  }

  private Route submit() {
    return parameterMap(query -> entity(Unmarshaller.entityToString(), body -> {
      boolean attach = flag("attach", query.get("attach"));
      var read = intake.read(body, Optional.ofNullable(query.get("report")), Optional.ofNullable(query.get("timeline")),
          attach);
      return onSuccess(read, submission -> attach ? eventRoutes.attached(submission, query)
          : reply(AskPattern.ask(system, replyTo -> new JobRegistry.Submit(submission.job(), submission.report(),
              submission.timeline(), replyTo), ASK_TIMEOUT, system.scheduler())));
    }));
  }

  /** A query parameter that is true or false (absent: false). */
  static boolean flag(String parameter, String value) {
    if (value == null || value.equals("false")) return false;
    if (value.equals("true")) return true;
    throw new SettingsException(parameter, "must be true or false, got \"" + value + "\"");
  }

  private Route list() {
    CompletionStage<List<ObjectNode>> jobs = AskPattern.ask(system, JobRegistry.ListJobs::new, ASK_TIMEOUT, system.scheduler());
    return onSuccess(jobs, all -> {
      ObjectNode body = Json.MAPPER.createObjectNode();
      body.putArray("jobs").addAll(all);
      return json(ApiReply.ok(body));
    });
  }

  /** The cluster's members as this node sees them; 404 for a daemon that is not a node of one. */
  private Route cluster() {
    ObjectNode body = Membership.of(system, Json.MAPPER);
    return json(body == null ? ApiReply.error(404, "this daemon is not a node of a cluster (fetchpipe daemon --cluster)")
        : ApiReply.ok(body));
  }

  private Route status(String id) {
    return withJob(id, job -> reply(AskPattern.<DaemonJob.Command, ObjectNode>ask(job, DaemonJob.GetStatus::new,
        ASK_TIMEOUT, system.scheduler()).thenApply(ApiReply::ok)));
  }

  private Route cancel(String id) {
    return entity(Unmarshaller.entityToString(), body -> {
      JsonNode order = JobOrders.object(body, true, "reason", "abort", "source");
      String reason = JobOrders.text(order, "reason");
      boolean abort = JobOrders.flag(order, "abort");
      CancelSource source = JobOrders.cancelSource(order);
      return withJob(id, job -> reply(AskPattern.ask(job,
          replyTo -> new DaemonJob.Cancel(source, abort, reason, replyTo), ASK_TIMEOUT, system.scheduler())));
    });
  }

  private Route resize(String id) {
    return entity(Unmarshaller.entityToString(), body -> {
      LimitOrder limits = JobOrders.limits(body, maxInFlightLimit);
      return withJob(id, job -> reply(AskPattern.ask(job, replyTo -> new DaemonJob.Resize(limits, replyTo),
          ASK_TIMEOUT, system.scheduler())));
    });
  }

  private Route report(String id) {
    return withReport(id, (live, stored) -> live != null
        ? CompletableFuture.completedFuture(HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, json(live)))
        : CompletableFuture.supplyAsync(() -> HttpResponse.create()
            .withEntity(ContentTypes.APPLICATION_JSON, readAll(stored)), blockingIo));
  }

  private Route timeline(String id) {
    return withReport(id, (live, stored) -> CompletableFuture.supplyAsync(() -> {
      JobReport report = live != null ? live : readReport(stored);
      String page = TimelinePage.render(EndFiles.timelineTitle(report), EndFiles.timelineRuns(report));
      return HttpResponse.create().withEntity(ContentTypes.TEXT_HTML_UTF8, page);
    }, blockingIo));
  }

  /** The job's report, running or ended; 404 when it has none (it never started). */
  private Route withReport(String id, ReportResponse respond) {
    return withJob(id, job -> onSuccess(AskPattern.<DaemonJob.Command, DaemonJob.ReportAnswer>ask(job,
        DaemonJob.GetReport::new, ASK_TIMEOUT, system.scheduler()), answer -> {
      if (answer.live() == null && (answer.stored() == null || !Files.isRegularFile(answer.stored()))) {
        return json(ApiReply.error(404, "job " + id + " has no report: it never started"));
      }
      return onSuccess(respond.to(answer.live(), answer.stored()), Directives::complete);
    }));
  }

  private interface ReportResponse {
    CompletionStage<HttpResponse> to(JobReport live, Path stored);
  }

  private Route withJob(String id, Function<ActorRef<DaemonJob.Command>, Route> inner) {
    CompletionStage<Optional<ActorRef<DaemonJob.Command>>> found = AskPattern.ask(system,
        replyTo -> new JobRegistry.Find(id, replyTo), ASK_TIMEOUT, system.scheduler());
    return onSuccess(found, job -> job.map(inner).orElseGet(() -> json(ApiReply.error(404, "no job " + id))));
  }

  // --- answers -----------------------------------------------------------------------------------------------------

  private Route reply(CompletionStage<ApiReply> answer) {
    return onSuccess(answer, DaemonRoutes::json);
  }

  static Route json(ApiReply reply) {
    return complete(HttpResponse.create().withStatus(reply.status())
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, json(reply.body()))));
  }

  static byte[] json(Object value) {
    try {
      return Json.MAPPER.writeValueAsBytes(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  private static byte[] readAll(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static JobReport readReport(Path file) {
    try {
      return Json.MAPPER.readValue(file.toFile(), JobReport.class);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A bad input is a 4xx with one line; anything else is logged and a 500 that says where to look. */
  private ExceptionHandler exceptions() {
    return ExceptionHandler.newBuilder()
        .match(SettingsException.class, e -> json(ApiReply.error(400, e.getMessage())))
        .match(com.typesafe.config.ConfigException.class, e -> json(ApiReply.error(400, e.getMessage())))
        .match(EntityStreamSizeException.class, e -> tooLarge())
        .matchAny(e -> {
          Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
          if (cause instanceof EntityStreamSizeException) return tooLarge();
          if (cause instanceof SettingsException problem) return json(ApiReply.error(400, problem.getMessage()));
          if (cause instanceof java.util.concurrent.TimeoutException) {
            return json(ApiReply.error(503, "the daemon did not answer in time; try again"));
          }
          system.log().error("request failed", cause);
          return json(ApiReply.error(500, "the daemon failed to answer: " + PlainWords.of(cause) + " (see its log)"));
        })
        .build();
  }

  private Route tooLarge() {
    return json(ApiReply.error(413, "the request body is larger than daemon.max-body-size (" + maxBodySize + " bytes)"));
  }

  /** Pekko's own answers (no such path, wrong method, a body too large) as JSON errors. */
  private RejectionHandler rejections() {
    return RejectionHandler.newBuilder()
        .handle(MalformedRequestContentRejection.class, rejected -> rejected.getCause() instanceof EntityStreamSizeException
            ? tooLarge() : json(ApiReply.error(400, rejected.message())))
        .build()
        .withFallback(RejectionHandler.defaultHandler())
        .mapRejectionResponse(response -> {
          if (response.entity().getContentType().equals(ContentTypes.APPLICATION_JSON)) return response;
          String text = response.entity() instanceof org.apache.pekko.http.javadsl.model.HttpEntity.Strict strict
              ? strict.getData().utf8String() : response.status().reason();
          return response.withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON,
              json(ApiReply.error(response.status().intValue(), text).body())));
        });
  }

  /** Static import of {@code complete} as a method reference needs a name. */
  private static final class Directives {
    static Route complete(HttpResponse response) {
      return org.apache.pekko.http.javadsl.server.Directives.complete(response);
    }
  }
}
