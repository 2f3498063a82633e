/**
 * A one-line progress bar on stderr for long work (the matrix over many endpoints). Drawn only
 * when stderr is a terminal, redrawn at most every 100 ms, and erased when the work is done, so
 * pipes and CI logs never see it.
 */
import type { CliIo } from "./io.js";

/** Reports progress of a known amount of work. */
export interface Progress {
  /** Marks `done` units (of `total`) finished. */
  update(done: number): void;
  /** Erases the bar. */
  finish(): void;
}

const NONE: Progress = { update: () => {}, finish: () => {} };
const REDRAW_MS = 100;

/** A progress bar for `total` units, or a no-op when stderr is not a terminal or the work is small. */
export function createProgress(io: CliIo, label: string, total: number, minTotal = 2000): Progress {
  if (!io.stderrIsTTY || total < minTotal) return NONE;
  let last = Number.NEGATIVE_INFINITY;
  let drawn = false;
  const width = Math.max(10, Math.min(40, (io.stderrColumns ?? 80) - label.length - 30));
  return {
    update(done) {
      const now = io.now();
      if (now - last < REDRAW_MS && done < total) return;
      last = now;
      const filled = Math.round((done / total) * width);
      io.stderr(`\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}`);
      drawn = true;
    },
    finish() {
      if (drawn) io.stderr("\r\u001b[K");
    },
  };
}
