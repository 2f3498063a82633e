/**
 * Kubernetes LabelSelector → Calico selector text, exactly as Calico's K8s policy converter
 * writes it (`libcalico-go/lib/backend/k8s/conversion/conversion.go k8sSelectorToCalico`).
 */
import type { LabelSelector } from "./types.js";

/** Whether the selector picks pods (ANDed with the k8s orchestrator label) or namespaces. */
export type K8sSelectorTarget = "pod" | "namespace";

/**
 * Converts a LabelSelector. A pod selector always starts with
 * `projectcalico.org/orchestrator == 'k8s'`; an empty namespace selector means every namespace
 * and becomes `all()`; an absent namespace selector becomes "" (no namespace constraint).
 * matchLabels keys are sorted: `{b: 2, a: 1}` → `a == '1' && b == '2'`.
 */
export function k8sSelectorToCalico(selector: LabelSelector | undefined, target: K8sSelectorTarget): string {
  const terms: string[] = target === "pod" ? ["projectcalico.org/orchestrator == 'k8s'"] : [];
  if (selector === undefined) return terms.join(" && ");
  const labels = selector.matchLabels ?? {};
  const keys = Object.keys(labels).sort();
  const expressions = selector.matchExpressions ?? [];
  if (target === "namespace" && keys.length === 0 && expressions.length === 0) return "all()";
  for (const key of keys) terms.push(`${key} == '${labels[key]}'`);
  for (const e of expressions) {
    const values = (e.values ?? []).join("', '");
    switch (e.operator) {
      case "In":
        terms.push(`${e.key} in { '${values}' }`);
        break;
      case "NotIn":
        terms.push(`${e.key} not in { '${values}' }`);
        break;
      case "Exists":
        terms.push(`has(${e.key})`);
        break;
      case "DoesNotExist":
        terms.push(`! has(${e.key})`);
        break;
      default: {
        const unreachable: never = e.operator;
        throw new Error(`unknown label selector operator ${String(unreachable)}`);
      }
    }
  }
  return terms.join(" && ");
}
