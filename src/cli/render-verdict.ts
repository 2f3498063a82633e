/**
 * A flow verdict for people: the outcome, then per direction what decided it and the trace of
 * every tier, policy and rule visited (with the first criterion that failed for rules that did
 * not match).
 */
import type { DecidedBy, DirectionVerdict, FlowVerdict, PolicyRef, TraceStep } from "../index.js";
import { formatDecidedBy } from "./decided-by.js";
import type { Style } from "./style.js";

/** How a flow is described in headings: `frontend/web-1 → backend/api-1 TCP/8000`. */
export function flowText(from: string, to: string, protocol: string, port: number | undefined): string {
  return `${from} → ${to} ${protocol}${port === undefined ? "" : `/${port}`}`;
}

/** `NetworkPolicy backend/allow-api`, `GlobalNetworkPolicy security.blocklist`. */
export function policyText(policy: PolicyRef): string {
  return `${policy.kind} ${policy.namespace === undefined ? "" : `${policy.namespace}/`}${policy.name}`;
}

/**
 * The whole verdict with its explanation, as `check` prints it. `given` are the peers as the user
 * named them, shown beside the WorkloadEndpoint name when they differ (a pod name or an address).
 */
export function renderVerdict(
  verdict: FlowVerdict,
  flow: string,
  style: Style,
  given: { readonly source: string; readonly destination: string },
): string {
  const outcome = verdict.allowed ? style.green(style.bold("ALLOWED")) : style.red(style.bold("DENIED"));
  let text = `${outcome}  ${flow}\n`;
  text += renderDirection("egress", verdict.egress, style, given.source);
  text += renderDirection("ingress", verdict.ingress, style, given.destination);
  return text;
}

function renderDirection(
  direction: "egress" | "ingress",
  verdict: DirectionVerdict | null,
  style: Style,
  given: string,
): string {
  if (verdict === null) {
    const side = direction === "egress" ? "source" : "destination";
    return `\n${style.bold(direction)}: ${style.dim(`not evaluated: the ${side} is not a workload endpoint in the cluster`)}\n`;
  }
  const action = verdict.action === "allow" ? style.green("allow") : style.red("deny");
  const name = `${verdict.endpoint.namespace}/${verdict.endpoint.name}`;
  const alias = name === given ? "" : ` (${given})`;
  let text = `\n${style.bold(direction)} of ${name}${alias}: ${action} by ${style.cyan(formatDecidedBy(verdict.decidedBy))}\n`;
  for (const step of verdict.trace) text += `${renderStep(step, style)}\n`;
  if (verdict.staged !== undefined && verdict.staged.action !== verdict.action) {
    const staged = verdict.staged.action === "allow" ? style.green("allow") : style.red("deny");
    text += `  ${style.yellow("staged:")} with staged policies enforced this would ${staged} (${stagedDecision(verdict.staged.decidedBy)})\n`;
  } else if (verdict.staged !== undefined) {
    text += `  ${style.dim(`staged: staged policies would not change this (${stagedDecision(verdict.staged.decidedBy)})`)}\n`;
  }
  return text;
}

/** One trace line, indented by nesting (tier > policy > rule). */
export function renderStep(step: TraceStep, style: Style): string {
  switch (step.kind) {
    case "tier":
      return `  tier ${style.bold(step.tier)}${step.exists ? "" : style.yellow(" (no Tier resource: sorted last)")}`;
    case "policy":
      return `    ${policyText(step.policy)}${step.staged ? style.yellow(" (staged: not enforced)") : ""}`;
    case "rule":
      return `      rule ${step.ruleIndex}: ${ruleOutcome(step.matched, step.action, step.reason, step.notEvaluated, style)}`;
    case "end-of-tier":
      return step.action === "deny"
        ? `    end of tier ${step.tier}: ${style.red("deny")} (no policy allowed, denied or passed)`
        : `    end of tier ${step.tier}: pass`;
    case "profile":
      return `  profile ${style.bold(step.profile)}${step.exists ? "" : style.yellow(" (not loaded: no rules)")}`;
    case "profile-rule":
      return `    rule ${step.ruleIndex}: ${ruleOutcome(step.matched, step.action, step.reason, step.notEvaluated, style)}`;
    case "no-match":
      return `  ${style.red("deny")}: no tier or profile allowed or denied the flow`;
    default: {
      const never: never = step;
      return never;
    }
  }
}

function ruleOutcome(
  matched: boolean,
  action: string | undefined,
  reason: string | undefined,
  notEvaluated: readonly string[] | undefined,
  style: Style,
): string {
  const extra =
    notEvaluated !== undefined && notEvaluated.length > 0
      ? style.yellow(` (not evaluated: ${notEvaluated.join(", ")})`)
      : "";
  if (!matched) return `${style.dim(`no match${reason === undefined ? "" : `: ${reason}`}`)}${extra}`;
  const colour = action === "allow" ? style.green : action === "deny" ? style.red : style.yellow;
  return `${colour(`matched → ${action ?? "allow"}`)}${extra}`;
}

/**
 * A pending decision's reference, naming the kind when a staged policy decided it: a staged
 * policy may share its name with an enforced one, and `default/ns/p#0` alone would name both.
 */
function stagedDecision(decision: DecidedBy): string {
  const reference = formatDecidedBy(decision);
  return decision.kind === "rule" && decision.policy.kind.startsWith("Staged")
    ? `${decision.policy.kind} ${reference}`
    : reference;
}
