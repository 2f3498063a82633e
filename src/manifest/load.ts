/**
 * loadManifests: YAML or JSON text (several documents, `kind: List` and `*List` wrappers) →
 * validated, defaulted resources. Every problem in the text is collected with its file, line,
 * column and field path; nothing partial is returned.
 */
import type { LineCounter } from "yaml";
import { type ResourceIssue, typeOfValue } from "../model/issues.js";
import type { Resource } from "../model/types.js";
import { validateResource } from "../model/validate.js";
import { ManifestError, type ManifestIssue } from "./issues.js";
import { locate } from "./locate.js";
import { type ResourceOrigin, redefinitionWarnings } from "./redefinitions.js";
import { type ParsedDocument, parseYamlDocuments, type TextIssue } from "./yaml-documents.js";

/** Options for loading one text. */
export interface LoadOptions {
  /** Shown in issue locations; defaults to "<input>". */
  readonly file?: string;
}

/** The non-throwing result: resources and warnings, or every problem. */
export type LoadResult =
  | {
      readonly ok: true;
      readonly resources: Resource[];
      /** Where each resource starts, index for index. */
      readonly origins: readonly ResourceOrigin[];
      readonly warnings: readonly ManifestIssue[];
    }
  | {
      readonly ok: false;
      readonly issues: readonly ManifestIssue[];
      readonly warnings: readonly ManifestIssue[];
    };

/** Parses and validates manifests without throwing. */
export function safeLoadManifests(text: string, options: LoadOptions = {}): LoadResult {
  const file = options.file ?? "<input>";
  if (typeof text !== "string") {
    const message = `expected manifest text (a string; decode a Buffer first), got ${typeOfValue(text)}`;
    return {
      ok: false,
      issues: [{ code: "invalid-type", message, file, line: 1, column: 1, path: [] }],
      warnings: [],
    };
  }
  const parsed = parseYamlDocuments(text);
  const at = (issue: TextIssue): ManifestIssue => located(file, parsed.lineCounter, issue);
  const issues: ManifestIssue[] = parsed.fatal.map(at);
  const warnings: ManifestIssue[] = [];
  const resources: Resource[] = [];
  const origins: ResourceOrigin[] = [];
  for (const document of parsed.documents) {
    // Loops, not push(...list): a hostile document can carry 100k+ YAML errors.
    for (const error of document.errors) issues.push(at(error));
    for (const warning of document.warnings) warnings.push(at(warning));
    if (document.errors.length > 0) continue;
    for (const item of resourcesOf(document)) {
      if ("issue" in item) {
        issues.push(at(item.issue));
        continue;
      }
      const result = validateResource(item.value);
      if (result.ok) {
        resources.push(result.resource);
        const start = parsed.lineCounter.linePos(locate(document.doc, item.prefix, false).offset);
        origins.push({ file, line: start.line, column: start.col, path: item.prefix });
        for (const w of result.warnings) warnings.push(at(fromResourceIssue(document, item.prefix, w)));
      } else {
        for (const i of result.issues) issues.push(at(fromResourceIssue(document, item.prefix, i)));
      }
    }
  }
  if (issues.length > 0) return { ok: false, issues: sortByLocation(issues), warnings };
  for (const warning of redefinitionWarnings(resources, origins)) warnings.push(warning);
  return { ok: true, resources, origins, warnings };
}

/** Parses and validates manifests; throws ManifestError listing every problem. */
export function loadManifests(text: string, options: LoadOptions = {}): Resource[] {
  const result = safeLoadManifests(text, options);
  if (!result.ok) throw new ManifestError(result.issues, new Map([[options.file ?? "<input>", text]]));
  return result.resources;
}

/** Issues about a mapping key rather than its value: shown at the key. */
const KEY_ISSUES: ReadonlySet<string> = new Set(["unknown-field", "invalid-label-key", "reserved-label"]);

type Item =
  | { readonly value: unknown; readonly prefix: readonly (string | number)[] }
  | { readonly issue: TextIssue };

/** The resources a document holds: itself, or the items of a `List` / `*List`. */
function resourcesOf(document: ParsedDocument): Item[] {
  const value = document.value;
  if (value === undefined || value === null) return [];
  const kind =
    typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>).kind : undefined;
  if (typeof kind === "string" && kind.endsWith("List")) {
    const out = listEnvelopeIssues(document, value as Record<string, unknown>, kind);
    const items = (value as Record<string, unknown>).items;
    if (items === undefined || items === null) return out;
    if (!Array.isArray(items)) {
      const span = locate(document.doc, ["items"], false);
      out.push({
        issue: {
          code: "invalid-list",
          message: `a ${kind} needs "items" to be a list of resources`,
          ...span,
          path: ["items"],
          value: items,
        },
      });
      return out;
    }
    items.forEach((item, i) => {
      out.push({ value: item, prefix: ["items", i] });
    });
    return out;
  }
  return [{ value, prefix: [] }];
}

/** The fields a `List` / `*List` wrapper may have, as kubectl and calicoctl read it. */
const LIST_FIELDS: ReadonlySet<string> = new Set(["apiVersion", "kind", "metadata", "items"]);

/** Problems with a List wrapper itself: a missing or non-string apiVersion, unknown fields. */
function listEnvelopeIssues(document: ParsedDocument, list: Record<string, unknown>, kind: string): Item[] {
  const out: Item[] = [];
  const issue = (code: string, path: string[], preferKey: boolean, message: string, value?: unknown) => {
    const span = locate(document.doc, path, preferKey);
    out.push({ issue: { code, message, ...span, path, ...(value === undefined ? {} : { value }) } });
  };
  const apiVersion = Object.hasOwn(list, "apiVersion") ? list.apiVersion : undefined;
  if (apiVersion === undefined || apiVersion === null) {
    issue(
      "required",
      ["apiVersion"],
      false,
      `missing required field "apiVersion": a ${kind} needs one (v1 for kubectl's List, projectcalico.org/v3 for Calico's)`,
    );
  } else if (typeof apiVersion !== "string") {
    issue(
      "invalid-type",
      ["apiVersion"],
      false,
      `expected a string, got ${typeOfValue(apiVersion)}`,
      apiVersion,
    );
  }
  for (const key of Object.keys(list)) {
    if (LIST_FIELDS.has(key)) continue;
    issue(
      "unknown-field",
      [key],
      true,
      `unknown field ${JSON.stringify(key)}: expected one of ${[...LIST_FIELDS].join(", ")}`,
    );
  }
  return out;
}

function fromResourceIssue(
  document: ParsedDocument,
  prefix: readonly (string | number)[],
  issue: ResourceIssue,
): TextIssue {
  const path = [...prefix, ...issue.path];
  const span = locate(document.doc, path, KEY_ISSUES.has(issue.code));
  return {
    code: issue.code,
    message: issue.message,
    ...span,
    path,
    ...(issue.value === undefined ? {} : { value: issue.value }),
  };
}

function located(file: string, lineCounter: LineCounter, issue: TextIssue): ManifestIssue {
  const { line, col } = lineCounter.linePos(issue.offset);
  return {
    code: issue.code,
    message: issue.message,
    file,
    line,
    column: col,
    path: issue.path,
    ...(issue.value === undefined ? {} : { value: issue.value }),
    length: issue.length,
  };
}

/** Orders issues by file, line, then column (stable for equal locations). */
export function sortByLocation(issues: readonly ManifestIssue[]): ManifestIssue[] {
  return [...issues].sort((a, b) =>
    a.file === b.file ? a.line - b.line || a.column - b.column : a.file < b.file ? -1 : 1,
  );
}
