/**
 * Errors the label index reports for bad input: data first ({code, message, path}), wrapped in
 * one error class for the throwing entry points.
 */

/** What was wrong with an index input. */
export type LabelIndexErrorCode =
  | "invalid-id"
  | "invalid-labels"
  | "invalid-parents"
  | "invalid-ip"
  | "invalid-port"
  | "invalid-selector"
  | "invalid-named-port"
  | "duplicate-selector-id";

/** One problem with an index input: what, where (a field path such as `endpoint "a".ips[1]`), and why. */
export interface LabelIndexIssue {
  readonly code: LabelIndexErrorCode;
  readonly message: string;
  readonly path: string;
}

/** Thrown by the index's mutators when an input is refused; the index is left unchanged. */
export class LabelIndexError extends Error {
  readonly code: LabelIndexErrorCode;
  readonly path: string;

  constructor(issue: LabelIndexIssue) {
    super(`${issue.path}: ${issue.message}`);
    this.name = "LabelIndexError";
    this.code = issue.code;
    this.path = issue.path;
  }

  /** The error as a plain record. */
  get issue(): LabelIndexIssue {
    return { code: this.code, message: this.message, path: this.path };
  }
}

/** Outcome of a non-throwing index mutator. */
export type LabelIndexResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly error: LabelIndexIssue };

/** Builds an issue record. */
export function issue(code: LabelIndexErrorCode, path: string, message: string): LabelIndexIssue {
  return { code, path, message };
}

/** Renders a user-supplied value for an error message, shortened so huge inputs stay readable. */
export function show(value: unknown): string {
  let text: string;
  try {
    // JSON would print NaN and Infinity as null and refuses bigints.
    text =
      typeof value === "number" || typeof value === "bigint" || value === undefined
        ? String(value)
        : (JSON.stringify(value) ?? String(value));
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
