/**
 * Turns one etcd value into a validated resource. The key is authoritative for identity, as in
 * Calico's etcdv3 backend: a value may omit `kind`, `apiVersion`, `metadata.name` or
 * `metadata.namespace` (they are taken from the key), but a value that contradicts its key
 * (stored at `.../networkpolicies/prod/a` yet naming `dev/b`) is reported, never guessed at.
 */
import type { ResourceIssue, ValidationResult } from "../model/issues.js";
import type { Resource } from "../model/types.js";
import type { StoredRef } from "./keys.js";

/** Validates an untrusted value into a resource (the model's `validateResource`). */
export type Validator = (value: unknown) => ValidationResult<Resource>;

const API_VERSION = "projectcalico.org/v3";

/** Parses, checks against `ref`, and validates a stored value; `modRevision` becomes `metadata.resourceVersion`. */
export function decodeValue(
  ref: StoredRef,
  text: string,
  modRevision: string,
  validate: Validator,
): ValidationResult<Resource> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return fail({
      code: "invalid-json",
      message: `value is not valid JSON: ${(error as Error).message}`,
      path: [],
    });
  }
  if (!isRecord(parsed)) {
    return fail({
      code: "invalid-type",
      message: `value must be a JSON object, got ${describe(parsed)}`,
      path: [],
    });
  }
  const issues: ResourceIssue[] = [];
  const expect = (path: readonly string[], actual: unknown, wanted: string | undefined): void => {
    if (actual === undefined || actual === wanted) return;
    // Messages leave the field to `path`, as the model's do (the CLI prints "path: message").
    issues.push({
      code: "key-mismatch",
      message:
        wanted === undefined
          ? `${describe(actual)} contradicts the key, which names a cluster-scoped ${ref.kind}`
          : `${describe(actual)} contradicts the key, which names ${JSON.stringify(wanted)}`,
      path,
      value: actual,
    });
  };
  expect(["kind"], parsed.kind, ref.kind);
  expect(["apiVersion"], parsed.apiVersion, API_VERSION);
  const metadata = parsed.metadata ?? {};
  if (!isRecord(metadata)) {
    issues.push({
      code: "invalid-type",
      message: `expected a mapping, got ${describe(metadata)}`,
      path: ["metadata"],
      value: metadata,
    });
    return fail(...issues);
  }
  expect(["metadata", "name"], metadata.name, ref.name);
  // Calico writes `namespace: ""` on cluster-scoped resources; only a non-empty one contradicts the key.
  const namespace = ref.namespace === undefined && metadata.namespace === "" ? undefined : metadata.namespace;
  expect(["metadata", "namespace"], namespace, ref.namespace);
  if (issues.length > 0) return fail(...issues);

  const completedMetadata: Record<string, unknown> = {
    ...metadata,
    name: ref.name,
    resourceVersion: modRevision,
  };
  if (ref.namespace === undefined) delete completedMetadata.namespace;
  else completedMetadata.namespace = ref.namespace;
  return validate({ ...parsed, apiVersion: API_VERSION, kind: ref.kind, metadata: completedMetadata });
}

function fail(...issues: ResourceIssue[]): ValidationResult<Resource> {
  return { ok: false, issues };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
