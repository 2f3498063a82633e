/**
 * Evaluates one direction of a flow for one endpoint: ordered tiers, then profiles, then drop
 * (§C.3, §C.4, §C.6), producing the verdict, what decided it and, on request, the trace.
 */
import type { CompiledRule } from "./compiled-rule.js";
import { describeMismatch, matchRule } from "./match-rule.js";
import type { AddressSets, Packet } from "./packet.js";
import type { DecidedBy, DirectionVerdict, EndpointRef, TraceStep } from "./types.js";
import type { Direction, PlacedTier, PolicyView, ProfileView } from "./views.js";

/** Everything one direction's evaluation needs. */
export interface DirectionInput {
  readonly endpoint: EndpointRef;
  readonly direction: Direction;
  readonly tiers: readonly PlacedTier[];
  readonly profiles: readonly ProfileView[];
  readonly packet: Packet;
  readonly sets: AddressSets;
  readonly trace: boolean;
}

interface Outcome {
  readonly action: "allow" | "deny";
  readonly decidedBy: DecidedBy;
}

const NO_MATCH: Outcome = { action: "deny", decidedBy: { kind: "no-match" } };

/** The verdict for one direction; `staged` is filled when staged policies apply to the endpoint. */
export function evaluateDirection(input: DirectionInput): DirectionVerdict {
  const trace: TraceStep[] | undefined = input.trace ? [] : undefined;
  const enforced = run(input, "enforced", trace);
  const verdict: DirectionVerdict = {
    endpoint: input.endpoint,
    action: enforced.action,
    decidedBy: enforced.decidedBy,
    trace: trace ?? [],
  };
  if (!hasStaged(input.tiers)) return verdict;
  const staged = run(input, "pending", undefined);
  return { ...verdict, staged: { action: staged.action, decidedBy: staged.decidedBy } };
}

/** True when a staged policy is placed here (a loop: this runs on every check). */
function hasStaged(tiers: readonly PlacedTier[]): boolean {
  for (const placed of tiers) if (placed.hasStaged) return true;
  return false;
}

/**
 * Which policies one pass evaluates, as Felix's policy checker scopes them (`checkTiers`):
 * `enforced` skips staged policies (EnforcedOnly); `pending` evaluates them in their place among
 * the enforced ones as though promoted (StagedAsEnforced), Calico's "pending" verdict. A staged
 * Delete never reaches Felix, so it is never placed at all. Rules still match as the dataplane
 * matches them, not with the checker's simplifications (see the README).
 */
type View = "enforced" | "pending";

function inView(policy: PolicyView, view: View): boolean {
  return view === "pending" || !policy.staged;
}

/** One pass over the tiers in one view. */
function run(input: DirectionInput, view: View, trace: TraceStep[] | undefined): Outcome {
  const { direction, packet, sets } = input;
  for (const placed of input.tiers) {
    const tier = placed.tier.name;
    trace?.push({ kind: "tier", tier, exists: placed.tier.exists });
    let included = 0;
    let passed = false;
    policies: for (const policy of placed.policies) {
      if (!inView(policy, view)) {
        trace?.push({ kind: "policy", tier, policy: policy.ref, staged: true });
        continue;
      }
      included++;
      trace?.push({ kind: "policy", tier, policy: policy.ref, staged: policy.staged });
      const rules = policy[direction] ?? [];
      for (let i = 0; i < rules.length; i++) {
        const rule = rules[i]!;
        const failed = matchRule(rule, packet, sets);
        if (failed !== undefined) {
          trace?.push({
            kind: "rule",
            tier,
            policy: policy.ref,
            ruleIndex: rule.index,
            matched: false,
            reason: describeMismatch(failed, rule, packet, sets),
          });
          continue;
        }
        trace?.push(ruleMatched(rule, tier, policy));
        switch (rule.action) {
          case "allow":
          case "deny":
            return {
              action: rule.action,
              decidedBy: { kind: "rule", tier, policy: policy.ref, ruleIndex: rule.index },
            };
          case "pass":
            passed = true;
            break policies;
          case "log":
            break;
          default: {
            const unreachable: never = rule.action;
            throw new Error(`unknown action ${String(unreachable)}`);
          }
        }
      }
    }
    if (passed) continue;
    // End of tier: a tier whose only applicable policies are staged has no drop (§C.6).
    if (included > 0 && placed.tier.defaultAction !== "Pass") {
      trace?.push({ kind: "end-of-tier", tier, action: "deny" });
      return { action: "deny", decidedBy: { kind: "end-of-tier", tier } };
    }
    trace?.push({ kind: "end-of-tier", tier, action: "pass" });
  }
  return runProfiles(input, trace);
}

function ruleMatched(rule: CompiledRule, tier: string, policy: PolicyView): TraceStep {
  return rule.notEvaluated === undefined
    ? { kind: "rule", tier, policy: policy.ref, ruleIndex: rule.index, matched: true, action: rule.action }
    : {
        kind: "rule",
        tier,
        policy: policy.ref,
        ruleIndex: rule.index,
        matched: true,
        action: rule.action,
        notEvaluated: rule.notEvaluated,
      };
}

/**
 * Profiles in the endpoint's order; the first allow or deny wins. A Pass rule in a profile ends
 * that profile and moves to the next one (iptables: the pass mark returns from the profile chain
 * and only the accept mark is checked), so a Pass never allows by itself.
 */
function runProfiles(input: DirectionInput, trace: TraceStep[] | undefined): Outcome {
  const { direction, packet, sets } = input;
  for (const profile of input.profiles) {
    trace?.push({ kind: "profile", profile: profile.name, exists: profile.exists });
    const rules = profile[direction];
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]!;
      const failed = matchRule(rule, packet, sets);
      if (failed !== undefined) {
        trace?.push({
          kind: "profile-rule",
          profile: profile.name,
          ruleIndex: rule.index,
          matched: false,
          reason: describeMismatch(failed, rule, packet, sets),
        });
        continue;
      }
      trace?.push(
        rule.notEvaluated === undefined
          ? {
              kind: "profile-rule",
              profile: profile.name,
              ruleIndex: rule.index,
              matched: true,
              action: rule.action,
            }
          : {
              kind: "profile-rule",
              profile: profile.name,
              ruleIndex: rule.index,
              matched: true,
              action: rule.action,
              notEvaluated: rule.notEvaluated,
            },
      );
      if (rule.action === "allow" || rule.action === "deny") {
        return {
          action: rule.action,
          decidedBy: { kind: "profile-rule", profile: profile.name, ruleIndex: rule.index },
        };
      }
      if (rule.action === "pass") break;
    }
  }
  trace?.push({ kind: "no-match" });
  return NO_MATCH;
}
