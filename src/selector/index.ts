/**
 * The selector module's public surface.
 */

export type { SafeParseSelectorResult } from "./api.js";
export {
  allSelector,
  isValidSelector,
  noMatchSelector,
  normaliseSelector,
  parseSelector,
  parseSelectorUncached,
  safeParseSelector,
} from "./api.js";
export { compareBytewise } from "./bytewise.js";
export { canonicalString, quoteValue } from "./canonical.js";
export type { SelectorErrorCode, SelectorProblem } from "./errors.js";
export { SelectorError } from "./errors.js";
export { interpret } from "./interpret.js";
export { labelRestrictions, possibleToSatisfy, restrictionPossible } from "./label-restrictions.js";
export { isValidLabel, MAX_LABEL_LENGTH, MAX_NESTING_DEPTH } from "./limits.js";
export { prefixNode, prefixSelector } from "./prefix.js";
export {
  NAMESPACE_LABEL,
  NAMESPACE_LABEL_PREFIX,
  prefixAndAppendSelector,
  replaceAll,
  replaceAllWithHasNamespace,
  replaceAllWithHasServiceAccount,
  replaceGlobalWithNotHasNamespace,
  ruleNamespaceSelector,
  SERVICE_ACCOUNT_LABEL,
  SERVICE_ACCOUNT_LABEL_PREFIX,
} from "./rewrite.js";
export { selectorFromNode } from "./selector.js";
export type {
  LabelLookup,
  LabelRestriction,
  LabelRestrictions,
  Labels,
  Selector,
  SelectorNode,
} from "./types.js";
export { makeUniqueId, selectorUniqueId } from "./unique-id.js";
