/**
 * Compiles policies and profiles once, when they are applied: the applicability selector after
 * namespace injection (§D.1, §D.2) and every rule (§C.5, §D.3).
 */
import type {
  GlobalNetworkPolicy,
  NetworkPolicy,
  PolicyType,
  Profile,
  Rule,
  StagedGlobalNetworkPolicy,
  StagedNetworkPolicy,
} from "../model/types.js";
import { safeParseSelector } from "../selector/index.js";
import type { Selector } from "../selector/types.js";
import { type CompileIssue, compileRule } from "./compile-rule.js";
import type { CompiledRule } from "./compiled-rule.js";
import { globalPolicySelectorText, namespacedPolicySelectorText } from "./policy-selector.js";
import type { PolicyView, ProfileView } from "./views.js";

/** The Calico policy kinds the engine evaluates (Kubernetes policies arrive converted). */
export type CalicoPolicy =
  | NetworkPolicy
  | GlobalNetworkPolicy
  | StagedNetworkPolicy
  | StagedGlobalNetworkPolicy;

/** A compiled policy and the selector of the endpoints it applies to. */
export interface CompiledPolicy {
  readonly view: PolicyView;
  readonly selector: Selector;
}

/** The result of compiling a policy or profile: the value, or every issue with its field path. */
export type CompileResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly CompileIssue[] };

/** The identity key the engine files a policy under, e.g. `NetworkPolicy|prod|allow-web`. */
export function policyKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}|${namespace ?? ""}|${name}`;
}

/** Compiles a Calico (staged) network policy. */
export function compilePolicy(policy: CalicoPolicy, rules?: RuleCache): CompileResult<CompiledPolicy> {
  const issues: CompileIssue[] = [];
  const namespace =
    policy.kind === "NetworkPolicy" || policy.kind === "StagedNetworkPolicy" ? policy.metadata.namespace : "";
  const spec = policy.spec;
  // Calico silently drops an unparsable SA or namespace selector; here every written selector
  // is checked first so the user hears about it instead.
  issues.push(...selectorFieldIssues(policy));
  let parsed: ReturnType<typeof safeParseSelector> | undefined;
  if (issues.length === 0) {
    const selectorText =
      namespace !== ""
        ? namespacedPolicySelectorText(spec, namespace)
        : globalPolicySelectorText(policy.spec as GlobalNetworkPolicy["spec"]);
    parsed = safeParseSelector(selectorText);
    if (!parsed.ok) {
      // e.g. a pcsa.-prefixed label that grows past Calico's 512-byte limit.
      issues.push({
        code: "invalid-selector",
        message: `the policy's selector after namespace scoping, ${JSON.stringify(selectorText)}, does not parse: ${parsed.error.message}`,
        path: ["spec", "selector"],
      });
    }
  }

  const staged = policy.kind === "StagedNetworkPolicy" || policy.kind === "StagedGlobalNetworkPolicy";
  const stagedAction = staged ? (policy.spec.stagedAction ?? "Set") : undefined;
  const types = governedTypes(spec.types);
  const ingress = types.includes("Ingress")
    ? compileRules(spec.ingress, namespace, "ingress", issues, rules)
    : undefined;
  const egress = types.includes("Egress")
    ? compileRules(spec.egress, namespace, "egress", issues, rules)
    : undefined;
  if (issues.length > 0 || parsed === undefined || !parsed.ok) return { ok: false, issues };

  const name = policy.metadata.name;
  return {
    ok: true,
    value: {
      selector: parsed.selector,
      view: {
        key: policyKey(policy.kind, namespace, name),
        ref: namespace === "" ? { kind: policy.kind, name } : { kind: policy.kind, name, namespace },
        tier: spec.tier === "" ? "default" : spec.tier,
        order: spec.order,
        staged,
        hostOnly:
          (policy.kind === "GlobalNetworkPolicy" || policy.kind === "StagedGlobalNetworkPolicy") &&
          (policy.spec.doNotTrack === true || policy.spec.preDNAT === true),
        stagedAction,
        ingress,
        egress,
      },
    },
  };
}

/** Compiles a profile's rules (profiles are global: rule selectors are not namespace-scoped). */
export function compileProfile(profile: Profile, rules?: RuleCache): CompileResult<ProfileView> {
  const issues: CompileIssue[] = [];
  const ingress = compileRules(profile.spec.ingress, "", "ingress", issues, rules);
  const egress = compileRules(profile.spec.egress, "", "egress", issues, rules);
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: { name: profile.metadata.name, exists: true, ingress, egress } };
}

/**
 * The directions a policy governs. Validation defaults `types` (B.7); a policy that still has
 * none governs both, as Felix treats a backend policy with empty Types.
 */
function governedTypes(types: readonly PolicyType[] | undefined): readonly PolicyType[] {
  return types !== undefined && types.length > 0 ? types : ["Ingress", "Egress"];
}

/**
 * Compiled rules shared across policies: identical rules (same position, same text, and the same
 * namespace when the namespace changes their meaning) compile to one immutable object, and
 * identical rule lists (keyed `list|…`) to one array, so the many policies and profiles of a
 * large cluster that repeat a rule touch one copy. Callers bound its size.
 */
export type RuleCache = Map<string, CompiledRule | readonly CompiledRule[]>;

const NO_RULES: readonly CompiledRule[] = [];

function compileRules(
  rules: readonly Rule[] | undefined,
  namespace: string,
  direction: "ingress" | "egress",
  issues: CompileIssue[],
  cache?: RuleCache,
): readonly CompiledRule[] {
  if (rules === undefined || rules.length === 0) return NO_RULES;
  const out: CompiledRule[] = [];
  const keys: string[] = [];
  const before = issues.length;
  rules.forEach((rule, i) => {
    const key = cache === undefined ? "" : ruleKey(rule, i, namespace);
    keys.push(key);
    const cached = cache?.get(key);
    if (cached !== undefined && !Array.isArray(cached)) {
      out.push(cached as CompiledRule);
      return;
    }
    const result = compileRule(rule, i, namespace);
    if (result.ok) {
      cache?.set(key, result.rule);
      out.push(result.rule);
    } else
      for (const issue of result.issues)
        issues.push({ ...issue, path: ["spec", direction, i, ...issue.path] });
  });
  if (cache === undefined || issues.length > before) return out;
  const listKey = `list|${keys.join("\n")}`;
  const shared = cache.get(listKey);
  if (shared !== undefined && Array.isArray(shared)) return shared as readonly CompiledRule[];
  cache.set(listKey, out);
  return out;
}

/** The cache key: the namespace only matters where §D.3 scopes a selector or a service to it. */
function ruleKey(rule: Rule, index: number, namespace: string): string {
  const scoped = (e: Rule["source"]) =>
    e !== undefined &&
    (((e.selector !== undefined || e.notSelector !== undefined || e.serviceAccounts !== undefined) &&
      (e.namespaceSelector === undefined || e.namespaceSelector === "")) ||
      (e.services !== undefined && e.services.namespace === undefined));
  const ns = scoped(rule.source) || scoped(rule.destination) ? namespace : "";
  return `${index}|${ns}|${JSON.stringify(rule)}`;
}

function selectorFieldIssues(policy: CalicoPolicy): CompileIssue[] {
  const issues: CompileIssue[] = [];
  const spec = policy.spec as GlobalNetworkPolicy["spec"];
  for (const field of ["selector", "serviceAccountSelector", "namespaceSelector"] as const) {
    const text = spec[field];
    if (text === undefined || text === "") continue;
    const parsed = safeParseSelector(text);
    if (!parsed.ok) {
      issues.push({
        code: "invalid-selector",
        message: `invalid ${field} ${JSON.stringify(text)}: ${parsed.error.message}`,
        path: ["spec", field],
      });
    }
  }
  return issues;
}
