package dev.fetchpipe.net;

/**
 * A request that cannot reach its server, said in plain words: its address is denied, its proxy refused it, or its
 * proxy could not reach the server. {@link #permanent}: asking again would get the same answer (a denied address, a
 * wrong proxy password), so the URL is an ERROR at once rather than retried.
 */
public final class NetRefusal extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean permanent;

  public NetRefusal(String message, boolean permanent) {
    super(message, null, false, false);
    this.permanent = permanent;
  }

  public boolean permanent() {
    return permanent;
  }

  /** The refusal in {@code failure}'s cause chain, or null. */
  public static NetRefusal in(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof NetRefusal refusal) return refusal;
      if (cause.getCause() == cause) break;
    }
    return null;
  }
}
