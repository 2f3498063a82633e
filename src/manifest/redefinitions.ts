/**
 * Resources defined more than once in one load: the later definition replaces the earlier, as
 * `kubectl apply` and `calicoctl apply` would, which in a directory of manifests depends on file
 * order. Each redefinition is reported as a warning at the later definition.
 */
import type { Resource } from "../model/types.js";
import type { ManifestIssue } from "./issues.js";

/** Where a loaded resource starts: its file, line and column, and its path in the document. */
export interface ResourceOrigin {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  /** `[]` for a whole document, `["items", 2]` for an item of a List. */
  readonly path: readonly (string | number)[];
}

/**
 * A warning for each resource defined again after an earlier definition of the same kind,
 * namespace and name (a Kubernetes and a Calico NetworkPolicy of one name are different
 * resources), naming the definition it replaces. With `acrossFilesOnly`, a redefinition of one
 * in the same file is left to that file's own load, so each gets one warning.
 */
export function redefinitionWarnings(
  resources: readonly Resource[],
  origins: readonly ResourceOrigin[],
  acrossFilesOnly = false,
): ManifestIssue[] {
  const latest = new Map<string, ResourceOrigin>();
  const warnings: ManifestIssue[] = [];
  resources.forEach((resource, i) => {
    const origin = origins[i]!;
    const key = identity(resource);
    const earlier = latest.get(key);
    latest.set(key, origin);
    if (earlier === undefined || (acrossFilesOnly && earlier.file === origin.file)) return;
    warnings.push({
      code: "redefined",
      message: `${describe(resource)} is defined again here (before at ${earlier.file}:${earlier.line}:${earlier.column}); this later definition replaces the earlier one, as kubectl and calicoctl apply would`,
      file: origin.file,
      line: origin.line,
      column: origin.column,
      path: origin.path,
    });
  });
  return warnings;
}

function identity(resource: Resource): string {
  const group = resource.apiVersion.includes("/") ? resource.apiVersion.split("/")[0] : "";
  return `${group}\n${resource.kind}\n${resource.metadata.namespace ?? ""}\n${resource.metadata.name}`;
}

function describe(resource: Resource): string {
  const namespace = resource.metadata.namespace;
  return `${resource.kind} ${namespace === undefined ? "" : `${namespace}/`}${resource.metadata.name}`;
}
