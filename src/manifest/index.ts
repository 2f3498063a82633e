/**
 * The manifest module's public surface: loading YAML/JSON manifests into validated resources,
 * and the guarded reading and parsing the CLI shares for its other YAML files.
 */

export type { AliasProblem, ResolvedAliases } from "./aliases.js";
export { resolveAliases } from "./aliases.js";
export type { ReadManifestResult } from "./files.js";
export {
  listManifestFiles,
  loadManifestFiles,
  readManifestFile,
  safeLoadManifestFiles,
} from "./files.js";
export type { ManifestIssue } from "./issues.js";
export { formatManifestIssue, ManifestError } from "./issues.js";
export type { LimitProblem } from "./limits.js";
export {
  describeLimitProblem,
  MAX_ALIAS_COUNT,
  MAX_MANIFEST_LENGTH,
  MAX_NESTING_DEPTH,
  MAX_VALUES,
} from "./limits.js";
export type { LoadOptions, LoadResult } from "./load.js";
export { loadManifests, safeLoadManifests } from "./load.js";
export type { ComposeOptions, LimitedParse } from "./parse-within-limits.js";
export { parseWithinLimits } from "./parse-within-limits.js";
export type { ResourceOrigin } from "./redefinitions.js";
export { redefinitionWarnings } from "./redefinitions.js";
