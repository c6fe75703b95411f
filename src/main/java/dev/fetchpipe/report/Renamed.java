package dev.fetchpipe.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Why a URL's file name is numbered ("a-2.bin"): the name it wanted and the URL of the job that was given that name
 * first. Names are chosen for every URL before any is fetched (so a rerun finds each file where the journal says), so
 * the first URL keeps its name even when it then ends without a file; {@code takenByOutcome} then says how it ended.
 *
 * @param name           the numbered name, relative to the output dir
 * @param wanted         the name the URL would have had, relative to the output dir
 * @param takenBy        the URL given {@code wanted}, shortened when very long; null when the job had more names
 *                       taken twice than it remembers holders of ({@link #HOLDERS_KEPT})
 * @param takenAt        where that URL is in the job: "line 3" of a URL file, "URL 3" of a list; null with takenBy
 * @param takenByIndex   that URL's index in the job (its report item), or -1 when unknown
 * @param takenByOutcome how that URL ended when it saved no file (NOT_FOUND, ERROR, CANCELLED, SKIPPED), or null
 */
@JsonIgnoreProperties(value = "because", allowGetters = true)
public record Renamed(String name, String wanted, String takenBy, String takenAt, int takenByIndex,
    @JsonInclude(JsonInclude.Include.NON_NULL) Outcome takenByOutcome) {

  /**
   * How many names taken twice a job remembers the first holder of: a job of a million URLs all called "download"
   * would otherwise keep a URL per name. Past it, a numbered name says only that another URL had it.
   */
  public static final int HOLDERS_KEPT = 4096;

  /** The same, the URL that was given {@link #wanted} having ended as {@code outcome}. */
  public Renamed holderEnded(Outcome outcome) {
    Outcome noFile = outcome == Outcome.OK || outcome == Outcome.KEPT ? null : outcome;
    return new Renamed(name, wanted, takenBy, takenAt, takenByIndex, noFile);
  }

  /** "taken by https://h/a.bin (line 3)", and how that URL ended when it saved nothing. */
  @JsonProperty("because")
  public String because() {
    String by = takenBy == null ? "taken by another URL of the job"
        : "taken by " + takenBy + (takenAt == null ? "" : " (" + takenAt + ")");
    if (takenByOutcome == null) return by;
    String ended = switch (takenByOutcome) {
      case NOT_FOUND -> "which was not found";
      case CANCELLED -> "which was cancelled";
      case SKIPPED -> "which was skipped";
      default -> "which failed";
    };
    return by + ", " + ended + " (names are chosen before anything is fetched)";
  }

  /**
   * "renamed: a-2.bin <- http://h2/a.bin -- a.bin taken by https://h/a.bin (line 3)", for the URL {@code url} given the
   * numbered name: the summary's and the dry run's words.
   */
  public String describe(String url) {
    return "renamed: " + name + " <- " + url + " -- " + wanted + " " + because();
  }
}
