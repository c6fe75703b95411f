package dev.fetchpipe.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A netrc file, as curl and wget read it: {@code machine NAME login USER password SECRET}, and {@code default} for
 * any other host; {@code account} is read and ignored, {@code macdef} skipped to its blank line, {@code #} starts a
 * comment, and a value may be "quoted" (with backslash escapes). The first entry of a machine wins, as in curl. A
 * file that others can read is refused, as Python's netrc module refuses one: its passwords are no longer secret. Any
 * problem is one line naming the file (and the line), never a password.
 *
 * @param machines login and password by machine name (lower case)
 * @param fallback the {@code default} entry's, or null
 */
public record Netrc(Map<String, Login> machines, Login fallback) {

  /** One machine's login. {@link #toString} never shows the password. */
  public record Login(String user, String password) {
    @Override
    public String toString() {
      return user + ":***";
    }
  }

  public Netrc {
    machines = Map.copyOf(machines);
  }

  /** The login for {@code host}: its machine's, else the default's, else null. */
  public Login forHost(String host) {
    return machines.getOrDefault(host.toLowerCase(Locale.ROOT), fallback);
  }

  /** Reads {@code file}; {@code key} names the setting in errors. */
  static Netrc read(String key, Path file) {
    String text;
    try {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
      if (mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ)) {
        throw new SettingsException(key, file + " can be read by other users; its passwords are not secret"
            + " (chmod 600 " + file + ")");
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new SettingsException(key, "no such file: " + file);
    } catch (AccessDeniedException e) {
      throw new SettingsException(key, "cannot read " + file + ": permission denied");
    } catch (UnsupportedOperationException e) {
      throw new SettingsException(key, "cannot check who may read " + file + " (not a POSIX file system)");
    } catch (IOException e) {
      throw new SettingsException(key, "cannot read " + file + ": " + (e.getMessage() == null ? "I/O error" : e.getMessage()));
    }
    return parse(key, file, text);
  }

  static Netrc parse(String key, Path file, String text) {
    List<Token> tokens = tokens(key, file, text);
    Map<String, Login> machines = new HashMap<>();
    Login fallback = null;
    for (int i = 0; i < tokens.size(); ) {
      Token token = tokens.get(i++);
      String machine;
      switch (token.text()) {
        case "machine" -> machine = value(key, file, tokens, i++, token).toLowerCase(Locale.ROOT);
        case "default" -> machine = null;
        // The word itself is not shown: in a broken file it may be a password.
        default -> throw new SettingsException(key, file + " line " + token.line()
            + ": expected machine or default here (is it a netrc file?)");
      }
      String user = null;
      String password = null;
      while (i < tokens.size() && !tokens.get(i).text().equals("machine") && !tokens.get(i).text().equals("default")) {
        Token field = tokens.get(i++);
        switch (field.text()) {
          case "login" -> user = value(key, file, tokens, i++, field);
          case "password" -> password = value(key, file, tokens, i++, field);
          case "account" -> value(key, file, tokens, i++, field);
          default -> throw new SettingsException(key, file + " line " + field.line()
              + ": expected login, password or account here");
        }
      }
      Login login = new Login(user == null ? "" : user, password == null ? "" : password);
      if (machine == null) {
        if (fallback == null) fallback = login;
      } else {
        machines.putIfAbsent(machine, login);
      }
    }
    return new Netrc(machines, fallback);
  }

  private record Token(String text, int line) {}

  private static String value(String key, Path file, List<Token> tokens, int at, Token after) {
    if (at >= tokens.size()) {
      throw new SettingsException(key, file + " line " + after.line() + ": " + after.text() + " has no value");
    }
    return tokens.get(at).text();
  }

  /** Where a macdef keyword (not a value of login, password...) is among line {@code line}'s tokens, or -1. */
  private static int macdefAt(List<Token> tokens, int line) {
    for (int i = tokens.size() - 1; i >= 0 && tokens.get(i).line() == line; i--) {
      boolean isValue = i > 0 && Set.of("machine", "login", "password", "account").contains(tokens.get(i - 1).text());
      if (tokens.get(i).text().equals("macdef") && !isValue) return i;
    }
    return -1;
  }

  /** The file's words, with comments and macdef bodies left out. */
  private static List<Token> tokens(String key, Path file, String text) {
    List<Token> tokens = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n];
      int i = 0;
      while (i < line.length()) {
        char c = line.charAt(i);
        if (Character.isWhitespace(c)) {
          i++;
        } else if (c == '#') {
          break;
        } else if (c == '"') {
          StringBuilder word = new StringBuilder();
          i++;
          boolean closed = false;
          while (i < line.length()) {
            char q = line.charAt(i++);
            if (q == '\\' && i < line.length()) {
              word.append(line.charAt(i++));
            } else if (q == '"') {
              closed = true;
              break;
            } else {
              word.append(q);
            }
          }
          if (!closed) throw new SettingsException(key, file + " line " + (n + 1) + ": a quoted value is not closed");
          tokens.add(new Token(word.toString(), n + 1));
        } else {
          int start = i;
          while (i < line.length() && !Character.isWhitespace(line.charAt(i))) i++;
          tokens.add(new Token(line.substring(start, i), n + 1));
        }
      }
      if (macdefAt(tokens, n + 1) >= 0) {
        // A macro's name and body (to the next blank line) are commands for ftp, nothing of a login.
        tokens.subList(macdefAt(tokens, n + 1), tokens.size()).clear();
        while (n + 1 < lines.length && !lines[n + 1].isBlank()) n++;
      }
    }
    return tokens;
  }
}
