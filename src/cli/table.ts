/**
 * calicoctl-style tables: an upper-case heading row, then one row per item, columns left-aligned
 * and separated by at least three spaces (calicoctl's tabwriter padding).
 */
import { stripAnsi } from "./style.js";

const PADDING = 3;

/** Renders rows under headings; cells may contain ANSI colour, which does not count towards width. */
export function renderTable(headings: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headings.map((h) => h.length);
  for (const row of rows) {
    for (let i = 0; i < headings.length; i++) {
      const cell = row[i] ?? "";
      const w = stripAnsi(cell).length;
      if (w > (widths[i] ?? 0)) widths[i] = w;
    }
  }
  const line = (cells: readonly string[]): string => {
    let out = "";
    for (let i = 0; i < headings.length; i++) {
      const cell = cells[i] ?? "";
      out +=
        i === headings.length - 1
          ? cell
          : cell + " ".repeat((widths[i] ?? 0) - stripAnsi(cell).length + PADDING);
    }
    return `${out.trimEnd()}\n`;
  };
  let text = line(headings);
  for (const row of rows) text += line(row);
  return text;
}
