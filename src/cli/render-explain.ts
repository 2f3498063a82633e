/**
 * An endpoint explanation for people: addresses, effective labels with where each comes from,
 * then per direction the tiers and policies that apply, in evaluation order, and the profiles.
 */
import type { EndpointExplanation, ExplainedTier } from "../index.js";
import type { Style } from "./style.js";
import { renderTable } from "./table.js";

/** The explanation as `explain` prints it. */
export function renderExplanation(explanation: EndpointExplanation, style: Style): string {
  const { endpoint } = explanation;
  let text = `${style.bold("Endpoint")} ${endpoint.namespace}/${endpoint.name}\n`;
  text += `  addresses: ${explanation.addresses.join(", ") || "(none)"}\n`;
  text += `  profiles:  ${explanation.profiles.join(", ") || "(none)"}\n`;
  text += `\n${style.bold("Labels")} (own, then inherited from profiles; the first one wins)\n`;
  const rows = explanation.labels.map((label) => [
    label.key,
    label.value,
    label.source.kind === "own" ? "own" : `profile ${label.source.profile}`,
  ]);
  text += indent(renderTable(["KEY", "VALUE", "FROM"], rows));
  text += renderDirection("Ingress", explanation.ingress, explanation.profiles, style);
  text += renderDirection("Egress", explanation.egress, explanation.profiles, style);
  return text;
}

function renderDirection(
  title: string,
  tiers: readonly ExplainedTier[],
  profiles: readonly string[],
  style: Style,
): string {
  let text = `\n${style.bold(title)} policies, in evaluation order\n`;
  if (tiers.length === 0) text += `  ${style.dim("(no policy applies)")}\n`;
  let n = 0;
  for (const tier of tiers) {
    const order = tier.order === null ? "no order" : `order ${tier.order}`;
    const missing = tier.exists ? "" : style.yellow(", no Tier resource");
    text += `  tier ${style.bold(tier.name)} (${order}, default action ${tier.defaultAction}${missing})\n`;
    for (const policy of tier.policies) {
      n++;
      const name = `${policy.namespace === undefined ? "" : `${policy.namespace}/`}${policy.name}`;
      const pOrder = policy.order === null ? "no order" : `order ${policy.order}`;
      const staged = policy.staged ? style.yellow(", staged: not enforced") : "";
      text += `    ${n}. ${policy.kind} ${name} (${pOrder}${staged})\n`;
    }
  }
  text += `  then profiles: ${profiles.join(", ") || "(none: anything not decided above is dropped)"}\n`;
  return text;
}

function indent(block: string): string {
  return block
    .split("\n")
    .map((line) => (line === "" ? line : `  ${line}`))
    .join("\n");
}
