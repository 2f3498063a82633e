/**
 * calico-policy-engine: evaluate Calico network policy offline, exactly as Calico's dataplane does.
 * This module re-exports the public API only.
 */

export type {
  LoadedEndpoint,
  PolicyEngineOptions,
  PolicyMatchListener,
  SafeCheckResult,
} from "./engine.js";
export { PolicyEngine } from "./engine.js";
export type {
  IndexEndpoint,
  IndexPort,
  IpSetMember,
  LabelIndexApi,
  LabelIndexErrorCode,
  LabelIndexIssue,
  LabelIndexOptions,
  LabelIndexResult,
  LabelIndexStats,
  MatchEvent,
  MatchListener,
  MemberEvent,
  MemberListener,
  NamedPortProtocol,
  NamedPortRequest,
} from "./index/index.js";
export { LabelIndex, LabelIndexError } from "./index/index.js";
export type {
  AliasProblem,
  LimitedParse,
  LimitProblem,
  LoadOptions,
  LoadResult,
  ManifestIssue,
  ReadManifestResult,
  ResolvedAliases,
  ResourceOrigin,
} from "./manifest/index.js";
export {
  describeLimitProblem,
  formatManifestIssue,
  listManifestFiles,
  loadManifestFiles,
  loadManifests,
  ManifestError,
  parseWithinLimits,
  readManifestFile,
  redefinitionWarnings,
  resolveAliases,
  safeLoadManifestFiles,
  safeLoadManifests,
} from "./manifest/index.js";
export {
  kubernetesNetworkPolicyToCalico,
  namespaceToProfile,
  podToWorkloadEndpoint,
  serviceAccountToProfile,
  stagedKubernetesNetworkPolicyToCalico,
  toCalicoResources,
} from "./model/convert-k8s.js";
export type { IssuePath, ResourceIssue } from "./model/issues.js";
export { formatPath, ResourceValidationError } from "./model/issues.js";
export type { PortSpec, ProtocolInfo } from "./model/numorstring.js";
export { parsePort, parseProtocol, protocolSupportsPorts } from "./model/numorstring.js";
export type * from "./model/types.js";
export type { ValidationResult } from "./model/validate.js";
export { parseResource, supportedKinds, validateResource } from "./model/validate.js";
export type {
  DecodeWorkloadEndpointNameResult,
  WorkloadEndpointNameInput,
  WorkloadEndpointNameParts,
} from "./model/wep-name.js";
export {
  decodeWorkloadEndpointName,
  encodeWorkloadEndpointName,
  safeDecodeWorkloadEndpointName,
} from "./model/wep-name.js";
export type { ApplyIssue, FlowQueryErrorCode, FlowQueryIssue } from "./policy/errors.js";
export { ApplyError, FlowQueryError, formatApplyIssue } from "./policy/errors.js";
export type * from "./policy/types.js";
export type { SafeParseSelectorResult, SelectorErrorCode, SelectorProblem } from "./selector/index.js";
export {
  allSelector,
  isValidSelector,
  labelRestrictions,
  noMatchSelector,
  normaliseSelector,
  parseSelector,
  possibleToSatisfy,
  prefixSelector,
  restrictionPossible,
  SelectorError,
  safeParseSelector,
  selectorFromNode,
} from "./selector/index.js";
export type {
  LabelLookup,
  LabelRestriction,
  LabelRestrictions,
  Labels,
  Selector,
  SelectorNode,
} from "./selector/types.js";
