/**
 * Validation problems as data: one readonly record per problem, collected in a single pass and
 * rendered only at the edge (CLI, ManifestError.format).
 */

import type { Resource } from "./types.js";

/** A path from the resource root to the offending field, e.g. ["spec", "ingress", 0, "action"]. */
export type IssuePath = readonly (string | number)[];

/** One problem found in a resource: a stable code, a specific message, where, and the bad value. */
export interface ResourceIssue {
  readonly code: string;
  readonly message: string;
  readonly path: IssuePath;
  readonly value?: unknown;
}

/** Receives issues found by a check; paths are relative to the value the check was given. */
export type IssueSink = (issue: ResourceIssue) => void;

/**
 * Reports each item that repeats an earlier one (a list with Go's `unique` tag), at
 * `[...path, index]`; `what` names an item in the message ("policy type").
 */
export function reportRepeats(
  items: readonly string[],
  problem: { readonly code: string; readonly what: string; readonly path: readonly (string | number)[] },
  report: IssueSink,
): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item)) {
      report({
        code: problem.code,
        message: `${problem.what} ${describeValue(item)} is listed twice`,
        path: [...problem.path, i],
        value: item,
      });
    }
    seen.add(item);
  });
}

/** The outcome of validating one resource: the typed resource, or every problem found. */
export type ValidationResult<T = Resource> =
  | { readonly ok: true; readonly resource: T; readonly warnings: readonly ResourceIssue[] }
  | { readonly ok: false; readonly issues: readonly ResourceIssue[] };

/** Renders a path the way users write it: `spec.ingress[0].destination.ports[1]`. */
export function formatPath(path: IssuePath): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out === "" ? "(root)" : out;
}

/** Renders a value for a message: strings quoted, long values cut, objects summarised. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") {
    return value.length > 80
      ? `${JSON.stringify(value.slice(0, 77))}... (${value.length} chars)`
      : JSON.stringify(value);
  }
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? "" : "s"}`;
  if (typeof value === "object") return typeOfValue(value);
  return String(value);
}

/** The kind of a value in words ("a string", "a number", "a list", "a mapping", "null"). */
export function typeOfValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  switch (typeof value) {
    case "string":
      return "a string";
    case "number":
      return Number.isFinite(value) ? "a number" : `the number ${String(value)}`;
    case "bigint":
      return "a number"; // YAML's large integers arrive as bigints
    case "boolean":
      return "a boolean";
    case "object":
      if (ArrayBuffer.isView(value)) return "binary data";
      if (value instanceof Map) return "a Map";
      if (value instanceof Set) return "a Set";
      return "a mapping";
    case "undefined":
      return "nothing";
    default:
      return typeof value;
  }
}

/** Thrown by `parseResource`: carries every issue that `validateResource` reported. */
export class ResourceValidationError extends Error {
  readonly issues: readonly ResourceIssue[];

  constructor(issues: readonly ResourceIssue[]) {
    super(
      `invalid resource: ${issues.length} problem${issues.length === 1 ? "" : "s"}\n${issues
        .map((i) => `  ${formatPath(i.path)}: ${i.message}`)
        .join("\n")}`,
    );
    this.name = "ResourceValidationError";
    this.issues = issues;
  }
}
