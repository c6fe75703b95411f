package dev.fetchpipe.journal;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.fetchpipe.report.Outcome;

/**
 * One line of the journal: how one URL ended, or (a partial line) how far its body got before it was cut off.
 *
 * @param url       the URL as the job gave it
 * @param file      its file name in the output dir (saved there, or would have been), or null when it has none
 * @param outcome   how it ended; null on a partial line, which is no ending
 * @param bytes     the saved file's size; on a partial line, see {@code partial}
 * @param sha256    the saved file's SHA-256 in hex, or null
 * @param error     why it is not OK, or null
 * @param validator the response's validator on a partial line or a saved file's: its strong ETag (quotes included),
 *                  else its Last-Modified date; null elsewhere, or when it had none (and on lines older runs wrote)
 * @param partial   null on an ending's line; {@value #RECEIVING} when a body started streaming into the URL's partial
 *                  file from {@code bytes} on (a run killed after that leaves the file longer), {@value #CUT} when the
 *                  body was cut off with exactly {@code bytes} in the file
 * @param savedAs   where the file was finally saved when not under {@code file} (job.names = content-disposition:
 *                  the server's name), else null; {@code file} stays the URL's name, which resume matches URLs by
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record JournalEntry(String url, String file, Outcome outcome, long bytes, String sha256, String error,
    String validator, String partial, String savedAs) {

  public static final String RECEIVING = "receiving";
  public static final String CUT = "cut";

  /** An ending's line. */
  public JournalEntry(String url, String file, Outcome outcome, long bytes, String sha256, String error) {
    this(url, file, outcome, bytes, sha256, error, null, null, null);
  }

  public static JournalEntry saved(String url, String file, long bytes, String sha256) {
    return saved(url, file, bytes, sha256, null);
  }

  /** A saved file's line with the response's {@code validator}, kept only when {@link #usableValidator usable}. */
  public static JournalEntry saved(String url, String file, long bytes, String sha256, String validator) {
    return new JournalEntry(url, file, Outcome.OK, bytes, sha256, null, usableValidator(validator) ? validator : null,
        null, null);
  }

  /** This line, its file saved under {@code name} (null: under {@code file}). */
  public JournalEntry savedAs(String name) {
    return new JournalEntry(url, file, outcome, bytes, sha256, error, validator, partial, name);
  }

  /** The saved file's name in the output dir: {@code savedAs} when set, else {@code file}. */
  @JsonIgnore
  public String savedFile() {
    return savedAs != null ? savedAs : file;
  }

  /** A partial line (see {@code partial}): {@code state} is {@link #RECEIVING} or {@link #CUT}. */
  public static JournalEntry partial(String url, String file, long bytes, String validator, String state) {
    return new JournalEntry(url, file, null, bytes, null, null, validator, state, null);
  }

  /** True when this line vouches for a saved file, which a later run may keep. */
  @JsonIgnore
  public boolean isSaved() {
    return outcome == Outcome.OK && file != null && sha256 != null;
  }

  /** True for a partial line whose fields make sense: a later run may continue its body. */
  @JsonIgnore
  public boolean isPartial() {
    return outcome == null && file != null && usableValidator(validator) && bytes >= 0
        && (RECEIVING.equals(partial) || CUT.equals(partial));
  }

  /**
   * A validator that may be journaled and sent back in If-Range: 1 to 1024 printable ASCII characters. A server's
   * (or an edited journal's) line break or control character would end the request's header early.
   */
  public static boolean usableValidator(String validator) {
    if (validator == null || validator.isEmpty() || validator.length() > 1024) return false;
    for (int i = 0; i < validator.length(); i++) {
      char c = validator.charAt(i);
      if (c < 0x20 || c > 0x7e) return false;
    }
    return true;
  }
}
