package dev.fetchpipe.compare;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table: the first column left-aligned (a name), the others right-aligned (numbers), a trailing note. */
public final class TextTable {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  public TextTable(String... header) {
    this.header = List.of(header);
  }

  /** One row; {@code note} is printed after the last column as it is ("" for none). */
  public TextTable row(List<String> cells, String note) {
    if (cells.size() != header.size()) throw new IllegalArgumentException("expected " + header.size() + " cells");
    rows.add(List.copyOf(cells));
    notes.add(note);
    return this;
  }

  public String render() {
    int[] widths = new int[header.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = header.get(c).length();
      for (List<String> row : rows) widths[c] = Math.max(widths[c], row.get(c).length());
    }
    StringBuilder text = new StringBuilder();
    line(text, header, widths, "");
    for (int r = 0; r < rows.size(); r++) line(text, rows.get(r), widths, notes.get(r));
    return text.toString();
  }

  private static void line(StringBuilder text, List<String> cells, int[] widths, String note) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      if (c > 0) line.append("  ");
      String cell = cells.get(c);
      String pad = " ".repeat(widths[c] - cell.length());
      line.append(c == 0 ? cell + pad : pad + cell);
    }
    if (!note.isEmpty()) line.append("  ").append(note);
    text.append(line.toString().stripTrailing()).append('\n');
  }
}
