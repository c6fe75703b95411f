package dev.fetchpipe.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.ConfigLayers;
import dev.fetchpipe.config.DaemonSettings;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.origin.RunningOrigin;
import dev.fetchpipe.report.CancelSource;
import dev.fetchpipe.timeline.HeadlessChromium;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live page in a real browser: Debian's chromium, headless, driven through its chromedriver, against a real
 * daemon in this JVM and a real origin that delays every answer. A user's session, checked against the API: watch
 * the done count rise, raise max-in-flight from 5 to 50 and see it on the chart and at the origin, cancel and see the
 * job end with the API's counts. Screenshots go to target/ (a wide window and a phone's).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DaemonPageBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final List<String> BROWSERS = List.of("chromium", "chromium-browser");

  @TempDir
  static Path temp;

  /** Every answer waits 400 ms: 5 at once fetch about 12 URLs a second, 50 at once about 125. */
  private RunningOrigin origin;
  private Daemon daemon;
  private Api api;
  private Path chromium;
  private Path chromedriver;
  private WebDriver browser;

  @BeforeAll
  void start() {
    chromium = onPath(BROWSERS).orElse(null);
    chromedriver = onPath(List.of("chromedriver")).or(() -> Optional.of(Path.of("/usr/bin/chromedriver"))
        .filter(Files::isExecutable)).orElse(null);
    if (chromium == null || chromedriver == null) {
      throw new AssertionError("this test needs chromium and chromedriver: apt-get install chromium chromium-driver");
    }
    origin = OriginServer.start(ConfigFactory.load(), new OriginSettings("127.0.0.1", 0, Duration.ofMillis(400), Duration.ZERO, 0.0));
    Config merged = ConfigLayers.merge(null, Map.of(), List.of("daemon.port=0", "daemon.state-dir=" + temp.resolve("state")));
    daemon = Daemon.start(merged, DaemonSettings.from(merged, Map.of()), temp);
    api = new Api(daemon.address());
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) browser.quit();
    browser = null;
  }

  @AfterAll
  void stop() {
    if (daemon != null) {
      daemon.stop(CancelSource.REQUEST);
      daemon.stop(CancelSource.REQUEST);
      daemon.whenStopped().toCompletableFuture().join();
    }
    if (origin != null) origin.close();
  }

  @Test
  void aUserWatchesAJobRaisesItsConcurrencyAndCancelsIt() throws Exception {
    browser = openBrowser("watch");
    browser.get(daemon.address().url() + "?token=" + daemon.address().token());
    await(b -> b.findElement(By.id("connection")).getText().equals("connected"));
    assertFalse(browser.getCurrentUrl().contains("token"), "the token is taken off the address bar: " + browser.getCurrentUrl());

    // A bad job: the API's own line, as it is.
    submitConfig("job.urls = [\"" + origin.url("/bytes/1") + "\"]\nfetch.max-in-flight = 0\n");
    WebElement error = await(b -> b.findElement(By.id("submit-error")).isDisplayed() ? b.findElement(By.id("submit-error")) : null);
    assertEquals("fetchpipe.fetch.max-in-flight: must be at least 1, got 0", error.getText());

    Path urls = temp.resolve("urls.txt");
    // Three the origin has not (404, NOT_FOUND) among the first, for the failures list. Enough bytes (about 200 MB) that
    // at the rate set below the job is still running when the test cancels it, however loaded the machine.
    Files.write(urls, IntStream.range(0, 20_000).mapToObj(n -> origin.url(n % 4 == 1 && n < 12 ? "/missing/" + n : "/bytes/" + n))
        .toList());
    origin.resetCounters();
    String shownBefore = text("job-id");
    submitConfig("job.url-file = \"" + urls + "\"\njob.output-dir = \"" + temp.resolve("out") + "\"\nfetch.max-in-flight = 5\n");
    String id = await(b -> {
      String shown = b.findElement(By.id("job-id")).getText();
      return shown.startsWith("job ") && !shown.equals(shownBefore) ? shown.substring(4) : null;
    });
    assertEquals("RUNNING", api.get("/api/jobs/" + id).json().get("state").asText());
    assertFalse(browser.findElement(By.id("submit-error")).isDisplayed());

    int firstSeen = await(b -> doneOnPage() > 0 ? doneOnPage() : null);
    await(b -> doneOnPage() > firstSeen);
    assertTrue(origin.peakInFlight("/bytes") <= 5, "at most 5 at once before the resize: " + origin.peakInFlight("/bytes"));

    // A byte rate: shown as written in config, a bad one is the API's own line, a good one in force at once.
    WebElement rate = browser.findElement(By.name("maxBytesPerSecond"));
    assertEquals("off", rate.getAttribute("value"));
    assertEquals("off", browser.findElement(By.name("maxBytesPerSecondPerUrl")).getAttribute("value"));
    rate.click();
    rate.sendKeys(Keys.chord(Keys.CONTROL, "a"), "-2MiB");
    browser.findElement(By.id("apply")).click();
    await(b -> b.findElement(By.id("controls-message")).getText().contains("must not be negative"));
    rate.sendKeys(Keys.chord(Keys.CONTROL, "a"), "1.5MiB");
    browser.findElement(By.id("apply")).click();
    await(b -> b.findElement(By.id("controls-message")).getText().contains("rate 1.5MiB"));
    assertEquals(1_572_864, api.get("/api/jobs/" + id).json().at("/limits/maxBytesPerSecond").asLong());
    assertEquals(5, api.get("/api/jobs/" + id).json().at("/limits/maxInFlight").asInt(), "only the rate was sent");
    await(b -> "1.5MiB".equals(b.findElement(By.name("maxBytesPerSecond")).getAttribute("value")));

    // Each host's pace, beside max per host: shown as written in config, a bad one is the API's own line, a good one
    // in force at once; off clears it (here before the raise below, which a paced host would hold back).
    WebElement delay = browser.findElement(By.name("perHostDelay"));
    WebElement hostRate = browser.findElement(By.name("perHostRate"));
    assertEquals("off", delay.getAttribute("value"));
    assertEquals("off", hostRate.getAttribute("value"));
    delay.click();
    delay.sendKeys(Keys.chord(Keys.CONTROL, "a"), "-1s");
    browser.findElement(By.id("apply")).click();
    await(b -> b.findElement(By.id("controls-message")).getText()
        .equals("perHostDelay: must not be negative (or off for none), got '-1s'"));
    delay.sendKeys(Keys.chord(Keys.CONTROL, "a"), "1.5s");
    hostRate.click();
    hostRate.sendKeys(Keys.chord(Keys.CONTROL, "a"), "0.5");
    browser.findElement(By.id("apply")).click();
    await(b -> b.findElement(By.id("controls-message")).getText()
        .contains("delay per host 1.5s, 0.5 requests/s per host"));
    JsonNode paced = api.get("/api/jobs/" + id).json();
    assertEquals(1500, paced.at("/limits/perHostDelayMs").asLong(), paced.toString());
    assertEquals(0.5, paced.at("/limits/perHostRate").asDouble(), paced.toString());
    assertEquals(1_572_864, paced.at("/limits/maxBytesPerSecond").asLong(), "only the pace was sent");
    await(b -> "1.5s".equals(b.findElement(By.name("perHostDelay")).getAttribute("value"))
        && "0.5".equals(b.findElement(By.name("perHostRate")).getAttribute("value")));
    screenshot("live-page-paced-1400x900.png", 1400, 900);
    delay.sendKeys(Keys.chord(Keys.CONTROL, "a"), "off");
    hostRate.sendKeys(Keys.chord(Keys.CONTROL, "a"), "off");
    browser.findElement(By.id("apply")).click();
    await(b -> b.findElement(By.id("controls-message")).getText().contains("delay per host off, off requests/s per host"));
    assertEquals(0, api.get("/api/jobs/" + id).json().at("/limits/perHostDelayMs").asLong());

    WebElement maxInFlight = browser.findElement(By.name("maxInFlight"));
    assertEquals("5", maxInFlight.getAttribute("value"));
    maxInFlight.click();
    maxInFlight.sendKeys(Keys.chord(Keys.CONTROL, "a"), "50");
    assertEquals("50", maxInFlight.getAttribute("value"), "the live status does not overwrite what the user types");
    browser.findElement(By.id("apply")).click();
    await(b -> b.findElement(By.id("controls-message")).getText().matches("applied at .*: 50 in flight, .*rate 1.5MiB.*"));
    assertEquals(50, api.get("/api/jobs/" + id).json().at("/limits/maxInFlight").asInt());
    // The time left is the daemon's own estimate (msLeft), the number the terminal shows too, not one of the page's.
    JsonNode running = await(b -> {
      try {
        JsonNode status = api.get("/api/jobs/" + id).json();
        return status.get("msLeft").isNumber() ? status : null;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertEquals(0, running.get("waitingToRetry").asInt(), running.toString());
    await(b -> String.valueOf(((JavascriptExecutor) b).executeScript(
            "const dd = document.querySelector('#job-numbers dd[data-field=time-left]');"
                + " return dd && dd.firstChild ? dd.firstChild.textContent : '';"))
        .matches("\\d+(\\.\\d)? s|\\d+m \\d\\ds|\\d+h \\d\\dm"));
    await(b -> chartPeak("inFlight") >= 50);
    assertEquals(50, chartPeak("inFlight"), "the chart's requests in flight");
    // The job counts a request in flight once sent; the origin once it arrives, a moment later on a new connection.
    await(b -> origin.peakInFlight("/bytes") >= 50);
    assertEquals(50, origin.peakInFlight("/bytes"), "the origin saw 50 requests at once");
    assertFalse(browser.findElements(By.cssSelector("#chart g.marker.resize")).isEmpty(), "the resize is marked");
    await(b -> !b.findElements(By.cssSelector("#lanes g.bar")).isEmpty());
    // A lane holds one request at a time: never more lanes than requests were in flight at once.
    int lanes = Integer.parseInt(String.valueOf(((JavascriptExecutor) browser).executeScript(
        "return document.getElementById('fetcher-lanes').dataset.lanes;")));
    assertTrue(lanes >= 5 && lanes <= 50, lanes + " fetcher lanes");
    // Writer lanes are named in full, numbered in the job's pool of 4; the page's bytes in the terminal's units.
    // Read in one step: the lanes are drawn anew a few times a second.
    List<String> writerLanes = String.valueOf(((JavascriptExecutor) browser).executeScript(
            "return [...document.querySelectorAll('#lanes text.lane')].map(t => t.firstChild.textContent).join('|');"))
        .lines().flatMap(all -> List.of(all.split("\\|")).stream()).filter(name -> !name.startsWith("fetcher")).toList();
    assertFalse(writerLanes.isEmpty(), "writer lanes are drawn");
    assertTrue(writerLanes.stream().allMatch(name -> name.matches("writer [1-4]")), writerLanes.toString());
    assertTrue(text("job-numbers").matches("(?s).*bytes/s\\s+\\d+(\\.\\d)? (B|KiB|MiB)\\s+\\d+(\\.\\d)? (B|KiB|MiB) saved.*"),
        text("job-numbers"));
    assertScalesBesideThePlots();
    assertTrue(text("job-numbers").contains("waiting to retry"), text("job-numbers"));
    screenshot("live-page-running-1400x900.png", 1400, 900);

    browser.findElement(By.id("cancel")).click();
    await(b -> b.findElement(By.id("job-state")).getText().startsWith("CANCELLED"));
    JsonNode done = api.get("/api/jobs/" + id).json();
    // Not DONE: the cancel skipped the URLs still queued. Who cancelled is said in words.
    assertEquals("CANCELLED", done.get("state").asText());
    assertTrue(text("job-problem").contains(" s from the live page: "), text("job-problem"));
    assertFalse(text("job-problem").contains("REQUEST"), text("job-problem"));
    assertTrue(browser.findElement(By.cssSelector("#jobs tr[data-job='" + id + "']")).getText().contains("CANCELLED"));
    assertTrue(done.get("skipped").asInt() > 0, done.toString());
    for (String field : List.of("ok", "notFound", "skipped")) {
      assertEquals(done.get(field).asInt(), countOnPage(field), field + " on the page and in the API");
    }
    assertEquals(done.get("done").asInt(), doneOnPage());
    assertEquals(3, done.get("notFound").asInt(), done.toString());
    List<String> failures = browser.findElements(By.cssSelector("#failures tbody tr")).stream().map(WebElement::getText).toList();
    assertEquals(3, failures.size(), failures.toString());
    assertTrue(failures.stream().allMatch(row -> row.contains("NOT_FOUND 404") && row.contains("/missing/")
        && row.contains("the server answered 404 Not Found")), failures.toString());
    assertEquals(done.get("total").asInt(), Integer.parseInt(text("job-total").replace(",", "")));
    assertTrue(text("job-state").contains("exit " + done.get("exitCode").asInt()), text("job-state"));
    assertFalse(browser.findElements(By.cssSelector("#chart g.marker.cancel")).isEmpty(), "the cancel is marked");
    assertTrue(browser.findElement(By.id("cancel")).getAttribute("disabled") != null, "no cancel for an ended job");
    screenshot("live-page-cancelled-1400x900.png", 1400, 900);
    screenshot("live-page-cancelled-full-1400.png", 1400, 2000);

    screenshot("live-page-phone-390x844.png", 390, 844);
    long overflow = (Long) ((JavascriptExecutor) browser).executeScript(
        "return document.documentElement.scrollWidth - window.innerWidth;");
    assertTrue(overflow <= 0, "nothing wider than a phone's screen: " + overflow + " px too wide");
    screenshot("live-page-phone-full-390.png", 390, 2600);
  }

  @Test
  void aRefreshedJobShowsItsUnchangedFilesApartFromKeptOnes() throws Exception {
    String urls = IntStream.range(0, 4).mapToObj(n -> "\"" + origin.url("/bytes/" + (30_000 + n)) + "\"")
        .collect(java.util.stream.Collectors.joining(","));
    String job = "{\"job\": {\"urls\": [" + urls + "], \"output-dir\": \"" + temp.resolve("refreshed") + "\"";
    Api.Answer first = api.post("/api/jobs", job + "}}");
    assertEquals(201, first.status(), first.body());
    api.awaitStatus(first.json().get("id").asText(), status -> status.path("state").asText().equals("DONE"), WAIT);
    // Its output dir is released as its end goes out: a submission a moment sooner is told it is busy (409).
    Api.Answer rerun = dev.fetchpipe.testing.Eventually.eventually(WAIT, "the rerun accepted",
        () -> api.post("/api/jobs", job + ", \"refresh\": \"if-changed\"}}"), answer -> answer.status() != 409);
    assertEquals(201, rerun.status(), rerun.body());
    String id = rerun.json().get("id").asText();
    JsonNode done = api.awaitStatus(id, status -> status.path("state").asText().equals("DONE"), WAIT);
    assertEquals(4, done.get("unchanged").asInt(), done.toString());
    assertEquals(0, done.get("kept").asInt(), done.toString());

    browser = openBrowser("refresh");
    browser.get(daemon.address().url() + "?token=" + daemon.address().token() + "#job=" + id);
    await(b -> b.findElement(By.id("job-state")).getText().startsWith("DONE"));
    screenshot("live-page-refreshed-1400x900.png", 1400, 900);
    assertEquals(4, countOnPage("unchanged"), "unchanged on the page as in the API");
    String outcomes = String.valueOf(((JavascriptExecutor) browser).executeScript(
        "return [...document.querySelectorAll('#job-outcomes li')].map(li => li.textContent).join('|');"));
    assertEquals("0 OK|4 unchanged", outcomes, "no kept file, so no kept count");
    assertEquals(1, browser.findElements(By.cssSelector("#job-bar rect.u")).size(), "the bar's part in its own colour");
    assertEquals(4, doneOnPage());
  }

  @Test
  void aPageOpenedLateSaysItIsLoadingThenDrawsTheJobFromItsStart() throws Exception {
    List<String> urls = IntStream.range(0, 2000).mapToObj(n -> "\"" + origin.url("/bytes/" + (20_000 + n)) + "\"").toList();
    Api.Answer created = api.post("/api/jobs", "{\"job\": {\"urls\": [" + String.join(",", urls) + "], \"output-dir\": \""
        + temp.resolve("late") + "\"}, \"fetch\": {\"max-in-flight\": 5}}");
    assertEquals(201, created.status(), created.body());
    String id = created.json().get("id").asText();
    api.awaitStatus(id, status -> status.path("elapsedMs").asLong() >= 4000, WAIT);
    String url = daemon.address().url() + "?token=" + daemon.address().token() + "#job=" + id;

    // As `chromium --headless --screenshot` takes it, at load: never the jobs list with nothing where the job goes.
    HeadlessChromium chromium = HeadlessChromium.require(Files.createDirectories(temp.resolve("chromium-late")));
    chromium.screenshot(url, Path.of("target", "live-page-at-load-1400x900.png"), 1400, 900);
    String dom = chromium.dumpDom(url);
    boolean listShown = dom.matches("(?s).*<main id=\"app\">.*");
    boolean loading = dom.matches("(?s).*<p id=\"loading\" class=\"loading\">.*");
    boolean jobLoading = dom.matches("(?s).*<p id=\"job-loading\" class=\"loading\">.*");
    boolean jobShown = dom.matches("(?s).*<div id=\"job-view\">.*");
    assertTrue(listShown ? jobLoading || jobShown : loading, "at load the page shows its job, or says it is loading: "
        + dom.replaceAll("(?s)<svg.*?</svg>", ""));

    browser = openBrowser("late");
    browser.get(url);
    await(b -> b.findElement(By.id("job-view")).isDisplayed());
    assertEquals("job " + id, text("job-id"));
    // The daemon kept the job's numbers since its start: the chart begins there, not when this page opened.
    await(b -> b.findElement(By.id("chart-note")).getText().equals("(since the job started)"));
    Object first = ((JavascriptExecutor) browser).executeScript(
        "const g = document.querySelector('#chart g[data-series=inFlight]'); return g ? g.dataset.first : null;");
    // The page opened once the job had run 4 s: a chart from the daemon's series begins well before that. The job's
    // clock starts as it is opened (its output dir locked, the built-in origin started), so the first tick's sample
    // comes a little later than the actors' start: under load, more than a second.
    assertTrue(Double.parseDouble(String.valueOf(first)) < 3000, "the first sample at " + first + " ms");
    assertEquals(5, chartPeak("inFlight"));
    assertScalesBesideThePlots();
    screenshot("live-page-late-1400x900.png", 1400, 900);

    api.post("/api/jobs/" + id + "/cancel", "{\"abort\": true}");
    await(b -> b.findElement(By.id("job-state")).getText().startsWith("ABORTED"));
    assertEquals("ABORTED", api.get("/api/jobs/" + id).json().get("state").asText());
    assertTrue(text("job-problem").contains(" s by a request to the API: "), text("job-problem"));
    screenshot("live-page-aborted-phone-390x844.png", 390, 844);
    long overflow = (Long) ((JavascriptExecutor) browser).executeScript(
        "return document.documentElement.scrollWidth - window.innerWidth;");
    assertTrue(overflow <= 0, "nothing wider than a phone's screen: " + overflow + " px too wide");
    // On a phone there is no gutter beside the plots: each row's scale is in its label.
    assertTrue(browser.findElements(By.cssSelector("#chart text.scale")).isEmpty());
    assertTrue(browser.findElement(By.cssSelector("#chart g[data-series=inFlight] text.row-label")).getText()
        .contains("scale 0–"), "the scale in the label");
  }

  @Test
  void aHostThatAnswered429IsShownPausedWhileTheOtherHostGoesOn() throws Exception {
    // 127.0.0.1 answers its first URL with a 429 asking for 30 s; one URL of a host at a time, so its others wait.
    String local = origin.url("/fault/429/page-pause?times=1&after=30");
    List<String> urls = new java.util.ArrayList<>(List.of("\"" + local + "\""));
    IntStream.range(0, 3).forEach(n -> urls.add("\"" + origin.url("/bytes/" + (30_000 + n)) + "\""));
    String other = origin.baseUrl().replace("127.0.0.1", "localhost");
    IntStream.range(0, 200).forEach(n -> urls.add("\"" + other + "/bytes/" + (31_000 + n) + "\""));
    Api.Answer created = api.post("/api/jobs", "{\"job\": {\"urls\": [" + String.join(",", urls) + "], \"output-dir\": \""
        + temp.resolve("paused") + "\"}, \"fetch\": {\"max-in-flight\": 4, \"max-per-host\": 2}}");
    assertEquals(201, created.status(), created.body());
    String id = created.json().get("id").asText();
    JsonNode paused = api.awaitStatus(id, status -> status.path("hostPauses").size() > 0, WAIT);
    String host = "http://127.0.0.1:" + origin.port();
    assertEquals(host, paused.get("hostPauses").get(0).get("host").asText());

    browser = openBrowser("paused");
    browser.get(daemon.address().url() + "?token=" + daemon.address().token() + "#job=" + id);
    // Read in one step: the line is drawn anew with every status.
    List<?> line = await(b -> (List<?>) ((JavascriptExecutor) b).executeScript(
        "const li = document.querySelector('#job-pauses li');"
            + "return li && !document.getElementById('job-pauses').hidden ? [li.dataset.host, li.innerText] : null;"));
    assertEquals(host, line.get(0));
    assertTrue(String.valueOf(line.get(1)).matches("PAUSED " + java.util.regex.Pattern.quote(host)
        + " until [0-9.]+ s \\([0-9.]+ s left\\): HTTP 429 Too Many Requests, Retry-After 30 s; its URLs wait, other hosts go on"),
        String.valueOf(line.get(1)));
    int before = doneOnPage();
    await(b -> doneOnPage() >= before + 20);
    JsonNode now = api.get("/api/jobs/" + id).json();
    assertEquals(1, now.get("hostPauses").size(), "still paused while localhost's URLs end: " + now);
    screenshot("live-page-host-paused-1400x900.png", 1400, 900);

    api.post("/api/jobs/" + id + "/cancel", "{\"abort\": true}");
    await(b -> b.findElement(By.id("job-state")).getText().startsWith("ABORTED") || b.findElement(By.id("job-state")).getText().startsWith("CANCELLED"));
    assertTrue(browser.findElement(By.id("job-pauses")).getAttribute("hidden") != null, "no pause shown for an ended job");
  }

  /** Each row's scale is written in the gutter left of its plot, where no line is drawn. */
  private void assertScalesBesideThePlots() {
    Object beside = ((JavascriptExecutor) browser).executeScript(
        "const left = Math.min(...[...document.querySelectorAll('#chart rect.stripe')].map(r => +r.getAttribute('x')));"
            + "const scales = [...document.querySelectorAll('#chart text.scale')];"
            + "return scales.length > 0 && scales.every(t => t.getBBox().x + t.getBBox().width <= left);");
    assertEquals(Boolean.TRUE, beside, "every scale label left of the plots");
  }

  @Test
  void withoutTheTokenThePageShowsNoJobAndSaysWhatToOpen() throws Exception {
    Api.Answer created = api.post("/api/jobs", "{\"job\": {\"urls\": [\"" + origin.url("/bytes/9001") + "\"], \"output-dir\": \""
        + temp.resolve("secret-out") + "\"}}");
    assertEquals(201, created.status(), created.body());
    String id = created.json().get("id").asText();
    api.awaitDone(id);

    browser = openBrowser("no-token");
    browser.get(daemon.address().url());
    await(b -> b.findElement(By.id("locked")).isDisplayed());
    assertTrue(text("locked").contains("Open the URL that fetchpipe daemon printed"), text("locked"));
    assertTrue(text("locked-reason").contains("token"), text("locked-reason"));
    assertFalse(browser.findElement(By.id("app")).isDisplayed());
    String page = browser.getPageSource();
    assertFalse(page.contains(id) || page.contains("secret-out") || page.contains("9001"), "no trace of the job on the page");
    assertTrue(browser.findElements(By.cssSelector("#jobs tbody tr")).isEmpty());
    screenshot("live-page-no-token-1400x900.png", 1400, 900);
  }

  // --- the browser -------------------------------------------------------------------------------------------------

  private WebDriver openBrowser(String profile) throws Exception {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
        "--hide-scrollbars", "--user-data-dir=" + Files.createDirectories(temp.resolve("profile-" + profile)),
        "--window-size=1400,900");
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
        .usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  private void submitConfig(String config) {
    browser.findElement(By.cssSelector("input[name=kind][value=config]")).click();
    WebElement text = browser.findElement(By.name("text"));
    text.clear();
    text.sendKeys(config);
    browser.findElement(By.cssSelector("#submit button[type=submit]")).click();
  }

  private <T> T await(Function<WebDriver, T> condition) {
    try {
      return new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class).until(condition::apply);
    } catch (TimeoutException e) {
      throw new AssertionError("not in time; the page's console:\n" + console() + "\nwhat it showed: " + failureShot(), e);
    }
  }

  private String console() {
    return browser.manage().logs().get(LogType.BROWSER).getAll().stream().map(Object::toString)
        .reduce("", (all, entry) -> all + entry + "\n");
  }

  private Path failureShot() {
    try {
      Path png = Files.createDirectories(Path.of("target")).resolve("live-page-failure.png");
      Files.write(png, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
      return png;
    } catch (java.io.IOException | RuntimeException e) {
      return Path.of("(no screenshot: " + e + ")");
    }
  }

  private String text(String id) {
    return browser.findElement(By.id(id)).getText();
  }

  private int doneOnPage() {
    String done = text("job-done").replace(",", "");
    return done.isEmpty() ? 0 : Integer.parseInt(done);
  }

  private int countOnPage(String field) {
    Object shown = ((JavascriptExecutor) browser).executeScript(
        "return document.querySelector('#job-outcomes [data-field=' + arguments[0] + ']').textContent;", field);
    return Integer.parseInt(String.valueOf(shown).replace(",", ""));
  }

  /** The highest value the chart drew for a series. */
  private int chartPeak(String series) {
    // Read in the page in one step: the chart is drawn anew a few times a second, so an element found may be gone.
    Object peak = ((JavascriptExecutor) browser).executeScript(
        "const g = document.querySelector('#chart g[data-series=' + arguments[0] + ']'); return g ? g.dataset.peak : '0';", series);
    return (int) Math.round(Double.parseDouble(String.valueOf(peak)));
  }

  /** What a window of this size shows, saved under target/ for a person to look at. */
  private void screenshot(String name, int width, int height) throws Exception {
    // The viewport itself this size (a window's size includes what the browser draws around the page), and a phone's
    // as a phone reports itself, so the page lays out as it would there.
    ((ChromeDriver) browser).executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 600));
    Thread.sleep(700);
    Path png = Path.of("target", name);
    Files.createDirectories(png.getParent());
    Files.write(png, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }

  private static Optional<Path> onPath(List<String> names) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty())
        .flatMap(dir -> names.stream().map(name -> Path.of(dir, name)))
        .filter(Files::isExecutable).findFirst();
  }
}
