package dev.fetchpipe.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.List;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.setup.ActorSystemSetup;
import org.apache.pekko.event.Logging;
import org.apache.pekko.http.javadsl.settings.ClientConnectionSettings;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;

/**
 * The {@code pekko.} keys a user gives are Pekko's to judge, but a value Pekko rejects must be a usage error before
 * anything starts, not a stack trace from inside a starting actor system (or, for the log level, a stack trace and a
 * job that runs on). So the settings objects Pekko builds from them are built here first, the way Pekko builds them.
 */
final class PekkoKeys {

  private static final List<String> LOG_LEVELS = List.of("pekko.loglevel", "pekko.stdout-loglevel");

  private PekkoKeys() {}

  /**
   * Throws a {@link SettingsException} naming the key when Pekko would reject the merged config's pekko. values.
   *
   * @param merged  every layer with every library's reference.conf, as the actor system will get it
   * @param givenIn where the user gave pekko. keys, for an error Pekko's message does not place
   */
  static void check(Config merged, String givenIn) {
    for (String key : LOG_LEVELS) {
      String level = readable(merged, key, givenIn);
      if (Logging.levelFor(level).isEmpty()) {
        throw new SettingsException(key, "expected OFF, ERROR, WARNING, INFO or DEBUG, got \"" + level + "\"");
      }
    }
    try {
      new ActorSystem.Settings(PekkoKeys.class.getClassLoader(), merged, "fetchpipe", ActorSystemSetup.empty());
      ConnectionPoolSettings.create(merged);
      ClientConnectionSettings.create(merged);
    } catch (ConfigException e) {
      throw new SettingsException(givenIn, "Pekko rejects a pekko. value: " + e.getMessage().replace('\n', ' '));
    } catch (IllegalArgumentException e) {
      throw new SettingsException(givenIn, "Pekko rejects a pekko. value: " + e.getMessage());
    }
  }

  private static String readable(Config merged, String key, String givenIn) {
    try {
      return merged.getString(key);
    } catch (ConfigException e) {
      throw new SettingsException(key, "expected a log level (" + givenIn + ")");
    }
  }
}
