package dev.fetchpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Every line the quick reader takes (run's and the client commands'), held to what picocli makes of it; the lines it leaves. */
class QuickClientLineTest {
  private static final Main MAIN = new Main(new PrintStream(new ByteArrayOutputStream()), false);

  private static String[] words(String line) {
    return line.split(" ", -1);
  }

  /** Every option field of a command and of its mixins, by name: what picocli sets and what the command reads. */
  private static Map<String, Object> fields(Object command) throws IllegalAccessException {
    Map<String, Object> values = new TreeMap<>();
    for (Field field : command.getClass().getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) || field.getType() == Terminal.class || field.getType() == Main.class) {
        continue;
      }
      field.setAccessible(true);
      Object value = field.get(command);
      if (value instanceof ConfigOptions || value instanceof JobOptions || value instanceof DaemonOptions) {
        fields(value).forEach((name, inner) -> values.put(field.getName() + "." + name, inner));
      } else {
        values.put(field.getName(), value);
      }
    }
    return values;
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "submit",
      "submit --wait --daemon http://127.0.0.1:8642/?token=t --urls urls.txt --out out -m 100 --set progress.style=off",
      "submit --config conf/x.conf --set a=1 --set=b=2 --set job.urls=[\"http://h/x\"] --report r.json --timeline t.html",
      "submit --out= --state-dir /tmp/state -m=5 --wait",
      "submit --set fetch.max-in-flight=50 --daemon=http://h:1/?token=a=b",
      "jobs",
      "jobs --state-dir state",
      "jobs --daemon http://127.0.0.1:1/?token=x",
      "cancel J7",
      "cancel --abort J7 --daemon http://127.0.0.1:1/?token=x",
      "resize J7 -m 50 --writers 2 --max-per-host 10",
      "resize --state-dir s J7 --writers=3",
      "resize J7 --max-in-flight 50", "resize --max-in-flight=5 J7", "resize J7 --rate 2MiB --rate-per-url off",
      "resize --rate=500KiB J7", "resize J7 --per-host-delay 500ms --per-host-rate 2", "resize --per-host-rate=off J7",
      "submit http://127.0.0.1:8001/a https://h/b?x=1 -j 8 --wait",
      "submit --max-in-flight 3 http://h/a",
      "run",
      "run --urls urls.txt --out out -m 100 --set progress.style=off",
      "run --config conf/x.conf --set a=1 --set=b=2 --report r.json --timeline t.html --metrics-port 0",
      "run --out= -m=5 --metrics-port=9400",
      "run --no-daemon --urls urls.txt",
      "run --state-dir /tmp/state --out out",
      "run --state-dir=s --no-daemon",
      "watch J7",
      "watch --state-dir s J7",
      "watch J7 --daemon http://127.0.0.1:1/?token=x",
      "run http://127.0.0.1:8001/a", "run stray", "submit stray", "run -j 4 http://h/a http://h/b --out o", "run http://h/a -j=2",
      "run --max-in-flight 7 --urls u.txt",
      "run -H X-A:1 --header=X-B:2 -H User-Agent: http://h/a", "submit --header Authorization:Bearer.t -H=X-C:3 --wait",
      "run -x http://u:p@proxy:3128 --cacert ca.pem -k https://h/a", "submit --proxy=socks5h://p:1080 --insecure --cacert=c.pem",
  })
  void aLineItTakesIsReadAsPicocliReadsIt(String line) throws Exception {
    String[] args = words(line);
    Callable<Integer> quick = QuickClientLine.parse(args, MAIN).orElseThrow(() -> new AssertionError("not taken: " + line));

    CommandLine picocli = args[0].equals("run") ? new CommandLine(MAIN) : ClientMain.commandLine(MAIN, quick.getClass());
    picocli.parseArgs(args);
    Object read = picocli.getSubcommands().get(args[0]).getCommand();

    assertEquals(read.getClass(), quick.getClass());
    assertEquals(fields(read), fields(quick), line);
    assertTrue(fields(quick).values().stream().anyMatch(value -> value != null) || args.length == 1,
        "the fields were read: " + line);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "submit --help", "submit -h", "jobs --version", "submit -V",
      "submit --nope", "submit --out", "submit --out a --out b", "submit --wait --wait", "submit --wait=true",
      "submit --out --wait", "submit --out -x", "submit @args.txt", "submit -- --out",
      "submit -m100", "submit --set \"a=1\"",
      "cancel", "cancel J1 J2", "cancel -x", "resize -m 5", "resize J7 --writers",
      "jobs extra", "jobs --state-dir",
      "run --help", "run --wait", "run --daemon http://h/", "run --out a --out b", "run --metrics-port",
      "run -m 5 -j 6", "run -j 1 --max-in-flight 2", "resize J7 -m 5 --max-in-flight 6", "submit -j 2 -m 3",
      "resize J7 -j 5", "run -HX-A:1", "submit -H", "run --header -x",
      "run --no-daemon=true", "run --no-daemon --no-daemon", "run --state-dir",
      "watch", "watch J1 J2", "watch --abort J1", "watch --help",
  })
  void aLineItDoesNotTakeIsLeftToPicocli(String line) {
    assertTrue(QuickClientLine.parse(words(line), MAIN).isEmpty(), line);
  }

  @ParameterizedTest
  @ValueSource(strings = {"serve --port 0", "daemon", "compare", "sweep", "--help", "--version"})
  void otherCommandsAreNeverItsToRead(String line) {
    assertTrue(QuickClientLine.parse(words(line), MAIN).isEmpty(), line);
  }
}
