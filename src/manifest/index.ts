/**
 * The manifest module's public surface: loading YAML/JSON manifests into validated resources.
 */

export { listManifestFiles, loadManifestFiles, safeLoadManifestFiles } from "./files.js";
export type { ManifestIssue } from "./issues.js";
export { formatManifestIssue, ManifestError } from "./issues.js";
export { MAX_ALIAS_COUNT, MAX_MANIFEST_LENGTH, MAX_NESTING_DEPTH, MAX_VALUES } from "./limits.js";
export type { LoadOptions, LoadResult } from "./load.js";
export { loadManifests, safeLoadManifests } from "./load.js";
