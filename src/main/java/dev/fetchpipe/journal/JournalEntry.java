package dev.fetchpipe.journal;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.fetchpipe.report.Outcome;

/**
 * One line of the journal: how one URL ended.
 *
 * @param url     the URL as the job gave it
 * @param file    its file name in the output dir (saved there, or would have been), or null when it has none
 * @param outcome how it ended
 * @param bytes   the saved file's size
 * @param sha256  the saved file's SHA-256 in hex, or null
 * @param error   why it is not OK, or null
 * @param savedAs where the file was finally saved when not under {@code file} (job.names = content-disposition: the
 *                server's name), else null; {@code file} stays the URL's name, which resume matches URLs by
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record JournalEntry(String url, String file, Outcome outcome, long bytes, String sha256, String error,
    String savedAs) {

  public JournalEntry(String url, String file, Outcome outcome, long bytes, String sha256, String error) {
    this(url, file, outcome, bytes, sha256, error, null);
  }

  public static JournalEntry saved(String url, String file, long bytes, String sha256) {
    return new JournalEntry(url, file, Outcome.OK, bytes, sha256, null);
  }

  /** The saved file's name in the output dir: {@code savedAs} when set, else {@code file}. */
  @JsonIgnore
  public String savedFile() {
    return savedAs != null ? savedAs : file;
  }

  /** True when this line vouches for a saved file, which a later run may keep. */
  @JsonIgnore
  public boolean isSaved() {
    return outcome == Outcome.OK && file != null && sha256 != null;
  }
}
