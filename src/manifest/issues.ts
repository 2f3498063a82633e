/**
 * Manifest problems as data, each with its file, 1-based line and column, and field path, and the
 * one error class of the manifest boundary, whose `format()` prints every problem peggy-style.
 */
import { formatPath } from "../model/issues.js";

/** One problem (or warning) found while loading manifests. */
export interface ManifestIssue {
  readonly code: string;
  readonly message: string;
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  /** Path inside the document, e.g. ["items", 2, "spec", "ingress", 0, "action"]; [] for the document. */
  readonly path: readonly (string | number)[];
  readonly value?: unknown;
  /** How many characters from `column` the problem spans on its line (for the caret view). */
  readonly length?: number;
}

/**
 * Renders one issue peggy-style: message, `--> file:line:col`, the source line and a caret. Any
 * line and column are accepted: the source line is shown only when the line exists, and the
 * caret stays on it.
 */
export function formatManifestIssue(
  issue: ManifestIssue,
  source: string | undefined,
  severity = "error",
): string {
  const where = issue.path.length > 0 ? `${formatPath(issue.path)}: ` : "";
  const head = `${severity}[${issue.code}]: ${where}${issue.message}\n --> ${issue.file}:${issue.line}:${issue.column}`;
  const text =
    source === undefined || !Number.isSafeInteger(issue.line) || issue.line < 1
      ? undefined
      : lineAt(source, issue.line);
  if (text === undefined) return head;
  const gutter = String(issue.line).length;
  const pad = " ".repeat(gutter);
  const shown = text.length > 200 ? `${text.slice(0, 200)}…` : text;
  const column = Number.isSafeInteger(issue.column) && issue.column > 1 ? issue.column : 1;
  const caretStart = Math.min(column - 1, shown.length);
  const wanted = Number.isSafeInteger(issue.length) ? (issue.length as number) : 1;
  const caretLength = Math.max(1, Math.min(wanted, shown.length - caretStart));
  return `${head}\n${pad} |\n${issue.line} | ${shown}\n${pad} | ${" ".repeat(caretStart)}${"^".repeat(caretLength)}`;
}

/**
 * The text of a 1-based line. Line starts are indexed once per source (the last one is kept), so
 * printing many issues of one file is linear, not a scan from the top per issue.
 */
function lineAt(source: string, line: number): string | undefined {
  const starts = lineStarts(source);
  if (line > starts.length) return undefined;
  const start = starts[line - 1]!;
  const end = source.indexOf("\n", start);
  return source.slice(start, end < 0 ? undefined : end).replace(/\r$/, "");
}

let indexedSource: string | undefined;
let indexedStarts: readonly number[] = [];

function lineStarts(source: string): readonly number[] {
  if (source === indexedSource) return indexedStarts;
  const starts = [0];
  for (let i = source.indexOf("\n"); i >= 0; i = source.indexOf("\n", i + 1)) starts.push(i + 1);
  indexedSource = source;
  indexedStarts = starts;
  return starts;
}

/** Thrown by `loadManifests` / `loadManifestFiles`: every problem found, nothing partial returned. */
export class ManifestError extends Error {
  readonly issues: readonly ManifestIssue[];
  readonly #sources: ReadonlyMap<string, string>;

  constructor(issues: readonly ManifestIssue[], sources: ReadonlyMap<string, string> = new Map()) {
    const first = issues[0];
    super(
      first === undefined
        ? "invalid manifest"
        : `${issues.length} problem${issues.length === 1 ? "" : "s"} in manifests; first: ${first.file}:${first.line}:${first.column}: ${first.path.length > 0 ? `${formatPath(first.path)}: ` : ""}${first.message}`,
    );
    this.name = "ManifestError";
    this.issues = issues;
    this.#sources = sources;
  }

  /** Every problem in peggy's caret view, separated by blank lines. */
  format(): string {
    return this.issues.map((issue) => formatManifestIssue(issue, this.#sources.get(issue.file))).join("\n\n");
  }
}
