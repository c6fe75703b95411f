package dev.fetchpipe.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Real proxies for tests: tinyproxy (HTTP, CONNECT, BasicAuth) and microsocks (SOCKS5, user and password). */
public final class Proxies {
  private Proxies() {}

  /** A running proxy: its port and log. */
  public static final class Running extends DebianTool {
    private final int port;

    Running(Process process, Path log, int port) {
      super(process, log);
      this.port = port;
    }

    public int port() {
      return port;
    }
  }

  /** tinyproxy on 127.0.0.1, logging every request; with BasicAuth when {@code user} is not null. */
  public static Running tinyproxy(Path dir, String user, String password) {
    String binary = DebianTool.require("tinyproxy", "tinyproxy");
    int port = DebianTool.freePort();
    Path log = dir.resolve("tinyproxy-" + port + ".log");
    Path conf = dir.resolve("tinyproxy-" + port + ".conf");
    StringBuilder text = new StringBuilder()
        .append("Port ").append(port).append('\n')
        .append("Listen 127.0.0.1\n")
        .append("Timeout 30\n")
        .append("LogFile \"").append(log).append("\"\n")
        .append("LogLevel Info\n")
        .append("MaxClients 50\n")
        .append("Allow 127.0.0.1\n");
    if (user != null) text.append("BasicAuth ").append(user).append(' ').append(password).append('\n');
    try {
      Files.writeString(conf, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path out = dir.resolve("tinyproxy-" + port + ".out");
    return new Running(DebianTool.start(List.of(binary, "-d", "-c", conf.toString()), out, port), log, port);
  }

  /** microsocks on 127.0.0.1, with a user and password when {@code user} is not null. */
  public static Running microsocks(Path dir, String user, String password) {
    String binary = DebianTool.require("microsocks", "microsocks");
    int port = DebianTool.freePort();
    Path log = dir.resolve("microsocks-" + port + ".log");
    List<String> command = new ArrayList<>(List.of(binary, "-i", "127.0.0.1", "-p", String.valueOf(port)));
    if (user != null) command.addAll(List.of("-u", user, "-P", password));
    return new Running(DebianTool.start(command, log, port), log, port);
  }
}
