package dev.fetchpipe.journal;

/** What a rerun does with a file an earlier run into the same dir saved, and that is still there as saved. */
public enum Refresh {
  /** Keeps it without asking the server (KEPT). */
  KEEP,
  /**
   * Asks the server whether it changed, with the validator journaled with it: a 304 keeps it, a 200 replaces it. A
   * file journaled without a validator is fetched again whole.
   */
  IF_CHANGED,
  /** Fetches it again whole, replacing it. */
  ALWAYS;

  /** The mode a setting names ({@code keep}, {@code if-changed}, {@code always}), or null for any other word. */
  public static Refresh named(String name) {
    for (Refresh mode : values()) {
      if (mode.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-').equals(name)) return mode;
    }
    return null;
  }
}
