/**
 * Calico's WorkloadEndpoint names (`libcalico-go/lib/names/workloadendpoint.go`):
 * `<node>-<orchestrator>-<workload>-<endpoint>`, each part with `-` doubled, so
 * node `node1`, pod `my-nginx-b1337a`, endpoint `eth0` give `node1-k8s-my--nginx--b1337a-eth0`.
 */

import { typeOfValue } from "./issues.js";

/** The four identifiers a WorkloadEndpoint name encodes; for Kubernetes, `workload` is the pod name. */
export interface WorkloadEndpointNameParts {
  readonly node: string;
  readonly orchestrator: string;
  readonly workload: string;
  readonly endpoint: string;
}

/** What `encodeWorkloadEndpointName` accepts: the workload may be given as `pod` (Kubernetes). */
export type WorkloadEndpointNameInput =
  | WorkloadEndpointNameParts
  | {
      readonly node: string;
      readonly orchestrator: string;
      readonly pod: string;
      readonly endpoint: string;
    };

/** Result of decoding: the parts, or why the name is not a WorkloadEndpoint name. */
export type DecodeWorkloadEndpointNameResult =
  | { readonly ok: true; readonly parts: WorkloadEndpointNameParts }
  | { readonly ok: false; readonly message: string };

const PART_NAMES = ["node", "orchestrator", "workload", "endpoint"] as const;

// A part that is empty or starts / ends with `-` would make the encoding ambiguous
// (`a-` + `k8s` → `a---k8s`, which also reads as `a` + `-k8s`); Calico's names are DNS names, which
// never start or end with `-`, so such parts are rejected rather than mis-encoded.
function partProblem(value: string): string | undefined {
  if (value.length === 0) return "is empty";
  if (value.startsWith("-") || value.endsWith("-")) return "starts or ends with '-'";
  return undefined;
}

/** Builds Calico's name for a workload endpoint; throws when a part is empty or starts/ends with '-'. */
export function encodeWorkloadEndpointName(input: WorkloadEndpointNameInput): string {
  const workload = "workload" in input ? input.workload : input.pod;
  const parts = [input.node, input.orchestrator, workload, input.endpoint];
  parts.forEach((part, i) => {
    const problem = partProblem(part);
    if (problem !== undefined) {
      throw new Error(
        `cannot encode a workload endpoint name: ${PART_NAMES[i]} ${JSON.stringify(part)} ${problem}`,
      );
    }
  });
  return parts.map((p) => p.replaceAll("-", "--")).join("-");
}

/** Splits a WorkloadEndpoint name into its parts: a single `-` separates, `--` is a literal `-`. */
export function safeDecodeWorkloadEndpointName(name: string): DecodeWorkloadEndpointNameResult {
  if (typeof name !== "string") {
    return { ok: false, message: `expected a workload endpoint name (a string), got ${typeOfValue(name)}` };
  }
  const parts: string[] = [];
  let current = "";
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c !== "-") {
      current += c;
    } else if (name[i + 1] === "-") {
      current += "-";
      i++;
    } else {
      parts.push(current);
      current = "";
    }
  }
  parts.push(current);
  if (parts.length !== 4) {
    return {
      ok: false,
      message: `${JSON.stringify(name)} is not a workload endpoint name: expected <node>-<orchestrator>-<workload>-<endpoint> with '-' doubled inside each part, found ${parts.length} part${parts.length === 1 ? "" : "s"}`,
    };
  }
  for (let i = 0; i < 4; i++) {
    const problem = partProblem(parts[i]!);
    if (problem !== undefined) {
      return {
        ok: false,
        message: `${JSON.stringify(name)} is not a workload endpoint name: its ${PART_NAMES[i]} part ${problem}`,
      };
    }
  }
  const [node, orchestrator, workload, endpoint] = parts as [string, string, string, string];
  return { ok: true, parts: { node, orchestrator, workload, endpoint } };
}

/** Splits a WorkloadEndpoint name into its parts; throws when it is not one. */
export function decodeWorkloadEndpointName(name: string): WorkloadEndpointNameParts {
  const result = safeDecodeWorkloadEndpointName(name);
  if (!result.ok) throw new Error(result.message);
  return result.parts;
}
