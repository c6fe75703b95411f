package dev.fetchpipe.daemon;

import dev.fetchpipe.config.SettingsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Where the files of a submitted job may be (daemon.allowed-roots): its output dir, its url-file, its report and
 * timeline. A path is judged by where it really leads: every symbolic link followed (a dangling one too, since a
 * file written through it lands at its target) and every {@code ..} taken after the link before it, as the operating
 * system does. Never anywhere in the daemon's state dir but its {@code files} folder, roots or no roots: a job must not
 * overwrite another job's record or the daemon's address file. Blocking (it reads links): call it off the actors.
 */
final class Confinement {
  /** Symbolic links followed for one path at most, as Linux's own limit (ELOOP). */
  private static final int MAX_LINKS = 40;

  /** Real paths of the roots; empty: anywhere the daemon's user may write (but the state dir). */
  private final List<Path> roots;
  private final Path stateDir;
  private final Path stateFiles;

  /**
   * @param roots    daemon.allowed-roots, already real paths; empty for none
   * @param stateDir the daemon's state dir, or null (a test's parser without one)
   */
  Confinement(List<Path> roots, Path stateDir) {
    this.roots = List.copyOf(roots);
    this.stateDir = stateDir == null ? null : realOrItself(stateDir);
    this.stateFiles = this.stateDir == null ? null : this.stateDir.resolve(StateDir.FILES_DIR);
  }

  static Confinement none() {
    return new Confinement(List.of(), null);
  }

  boolean confined() {
    return !roots.isEmpty();
  }

  /**
   * The path the job will really use: given absolute, with its links resolved.
   *
   * @param key what the path is, for the error (e.g. fetchpipe.job.output-dir, or report)
   * @throws SettingsException naming the roots the path is outside of
   */
  Path check(String key, Path path) {
    Path real;
    try {
      real = real(path);
    } catch (IOException e) {
      throw new SettingsException(key, "cannot follow " + path + ": " + e.getMessage());
    }
    if (stateDir != null && real.startsWith(stateDir) && !real.startsWith(stateFiles)) {
      throw new SettingsException(key, path + (real.equals(path) ? "" : " (really " + real + ")")
          + " is in the daemon's state dir " + stateDir + ", which is the daemon's own");
    }
    if (roots.isEmpty() || roots.stream().anyMatch(real::startsWith)) return real;
    throw new SettingsException(key, path + (real.equals(path) ? "" : " (really " + real + ")")
        + " is outside every allowed root (daemon.allowed-roots: "
        + roots.stream().map(Path::toString).collect(Collectors.joining(", ")) + ")");
  }

  /**
   * Where the path leads, as the kernel would walk it, whether it exists or not: like {@code realpath -m}. A path that
   * does not exist yet is taken as it would be created.
   */
  static Path real(Path path) throws IOException {
    Path absolute = path.toAbsolutePath();
    Deque<String> rest = new ArrayDeque<>();
    for (Path name : absolute) rest.addLast(name.toString());
    Path current = absolute.getRoot();
    int links = 0;
    while (!rest.isEmpty()) {
      String name = rest.removeFirst();
      if (name.isEmpty() || name.equals(".")) continue;
      if (name.equals("..")) {
        if (current.getParent() != null) current = current.getParent();
        continue;
      }
      Path next = current.resolve(name);
      if (!Files.isSymbolicLink(next)) {
        current = next;
        continue;
      }
      if (++links > MAX_LINKS) throw new IOException("more than " + MAX_LINKS + " symbolic links");
      Path target = Files.readSymbolicLink(next);
      List<String> parts = new ArrayList<>();
      for (Path part : target) parts.add(part.toString());
      for (int i = parts.size() - 1; i >= 0; i--) rest.addFirst(parts.get(i));
      if (target.isAbsolute()) current = target.getRoot();
    }
    return current;
  }

  private static Path realOrItself(Path path) {
    try {
      return real(path);
    } catch (IOException e) {
      return path.toAbsolutePath().normalize();
    }
  }
}
