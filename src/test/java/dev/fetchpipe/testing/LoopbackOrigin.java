package dev.fetchpipe.testing;

import com.typesafe.config.ConfigFactory;
import dev.fetchpipe.config.OriginSettings;
import dev.fetchpipe.origin.OriginServer;
import dev.fetchpipe.origin.RunningOrigin;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The built-in origin on a free 127.0.0.1 port, with no delay, for one test class: declare it as a static
 * {@code @RegisterExtension} field and call {@link #get()}. Started before the class's first test, closed after its last.
 */
public final class LoopbackOrigin implements BeforeAllCallback, AfterAllCallback {
  private RunningOrigin origin;

  @Override
  public void beforeAll(ExtensionContext context) {
    origin = OriginServer.start(ConfigFactory.load(), OriginSettings.fastLoopback());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    origin.close();
  }

  public RunningOrigin get() {
    return origin;
  }
}
