/**
 * The resource model's entry point: dispatches on apiVersion + kind, validates with Calico's
 * rules, applies Calico's defaults and returns typed resources (calico-semantics.md B).
 */
import type * as z from "zod";
import { hostEndpointSchema, workloadEndpointSchema } from "./endpoint-schema.js";
import type { ResourceIssue, ValidationResult } from "./issues.js";
import { describeValue, ResourceValidationError, typeOfValue } from "./issues.js";
import {
  endpointSliceSchema,
  kubernetesNetworkPolicySchema,
  namespaceSchema,
  podSchema,
  serviceAccountSchema,
  stagedKubernetesNetworkPolicySchema,
} from "./k8s-schema.js";
import { convertLegacyWorkloadEndpoint, legacyWorkloadEndpointSchema } from "./legacy-v1.js";
import { globalNetworkSetSchema, namespacedNetworkSetSchema } from "./network-set-schema.js";
import { once } from "./once.js";
import { findNonPlainValue } from "./plain-data.js";
import {
  globalNetworkPolicySchema,
  networkPolicySchema,
  stagedGlobalNetworkPolicySchema,
  stagedNetworkPolicySchema,
} from "./policy-schema.js";
import { profileSchema } from "./profile-schema.js";
import { tierSchema } from "./tier-schema.js";
import type { Resource } from "./types.js";
import { fromZodIssue } from "./zod-issues.js";

export type { ValidationResult } from "./issues.js";

type Schema = () => z.ZodType;

const CALICO = "projectcalico.org/v3";
const LEGACY_KIND = "workloadEndpoint";

/** apiVersion → kind → schema, for every kind the engine accepts. */
const KINDS = once(
  (): ReadonlyMap<string, ReadonlyMap<string, Schema>> =>
    new Map<string, ReadonlyMap<string, Schema>>([
      [
        CALICO,
        new Map<string, Schema>([
          ["NetworkPolicy", networkPolicySchema],
          ["GlobalNetworkPolicy", globalNetworkPolicySchema],
          ["StagedNetworkPolicy", stagedNetworkPolicySchema],
          ["StagedGlobalNetworkPolicy", stagedGlobalNetworkPolicySchema],
          ["StagedKubernetesNetworkPolicy", stagedKubernetesNetworkPolicySchema],
          ["Tier", tierSchema],
          ["Profile", profileSchema],
          ["NetworkSet", namespacedNetworkSetSchema],
          ["GlobalNetworkSet", globalNetworkSetSchema],
          ["HostEndpoint", hostEndpointSchema],
          ["WorkloadEndpoint", workloadEndpointSchema],
        ]),
      ],
      [
        "v1",
        new Map<string, Schema>([
          ["Namespace", namespaceSchema],
          ["ServiceAccount", serviceAccountSchema],
          ["Pod", podSchema],
          [LEGACY_KIND, legacyWorkloadEndpointSchema],
        ]),
      ],
      ["networking.k8s.io/v1", new Map<string, Schema>([["NetworkPolicy", kubernetesNetworkPolicySchema]])],
      ["discovery.k8s.io/v1", new Map<string, Schema>([["EndpointSlice", endpointSliceSchema]])],
    ]),
);

/** Every (apiVersion, kind) pair `validateResource` accepts, e.g. for help texts. */
export function supportedKinds(): readonly { readonly apiVersion: string; readonly kind: string }[] {
  return [...KINDS()].flatMap(([apiVersion, kinds]) =>
    [...kinds.keys()].map((kind) => ({ apiVersion, kind })),
  );
}

function fail(issues: readonly ResourceIssue[]): ValidationResult {
  return { ok: false, issues };
}

function findSchema(apiVersion: unknown, kind: unknown): Schema | ResourceIssue {
  if (typeof kind !== "string") {
    return kind === undefined
      ? { code: "required", message: 'missing required field "kind"', path: ["kind"] }
      : {
          code: "invalid-type",
          message: `expected kind to be a string, got ${typeOfValue(kind)}`,
          path: ["kind"],
          value: kind,
        };
  }
  const owners = [...KINDS()].filter(([, kinds]) => kinds.has(kind)).map(([v]) => v);
  if (typeof apiVersion !== "string") {
    return {
      code: apiVersion === undefined ? "required" : "invalid-type",
      message:
        apiVersion === undefined
          ? `missing required field "apiVersion"${owners.length > 0 ? `: kind ${kind} is ${owners.map((o) => JSON.stringify(o)).join(" or ")}` : ""}`
          : `expected apiVersion to be a string, got ${typeOfValue(apiVersion)}`,
      path: ["apiVersion"],
      ...(apiVersion === undefined ? {} : { value: apiVersion }),
    };
  }
  const kinds = KINDS().get(apiVersion);
  if (kinds === undefined) {
    return {
      code: "unknown-api-version",
      message: `unsupported apiVersion ${describeValue(apiVersion)}${owners.length > 0 ? `: kind ${kind} is ${owners.map((o) => JSON.stringify(o)).join(" or ")}` : `: expected one of ${[...KINDS().keys()].map((v) => JSON.stringify(v)).join(", ")}`}`,
      path: ["apiVersion"],
      value: apiVersion,
    };
  }
  const schema = kinds.get(kind);
  if (schema !== undefined) return schema;
  const caseHint = [...kinds.keys()].find((k) => k.toLowerCase() === kind.toLowerCase());
  return {
    code: "unknown-kind",
    message: caseHint
      ? `unknown kind ${describeValue(kind)} for apiVersion ${apiVersion}: did you mean ${JSON.stringify(caseHint)}? (kinds are case-sensitive)`
      : `unknown kind ${describeValue(kind)} for apiVersion ${apiVersion}${owners.length > 0 ? ` (kind ${kind} is ${owners.map((o) => JSON.stringify(o)).join(" or ")})` : ""}: expected one of ${[...kinds.keys()].join(", ")}`,
    path: ["kind"],
    value: kind,
  };
}

/**
 * Validates one resource (a parsed JSON/YAML value): dispatches on apiVersion + kind, applies
 * Calico's validation rules and defaults, converts the legacy v1 workloadEndpoint to v3, and
 * returns the typed resource or every problem found, each with its path from the resource root.
 */
export function validateResource(value: unknown): ValidationResult {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return fail([
      {
        code: "invalid-type",
        message: `expected a resource (a mapping with apiVersion, kind and metadata), got ${typeOfValue(value)}`,
        path: [],
        value,
      },
    ]);
  }
  const nonPlain = findNonPlainValue(value);
  if (nonPlain !== undefined) {
    return fail([
      {
        code: "invalid-type",
        message: `expected plain data (mappings, lists, strings, numbers, booleans, null), got ${nonPlain.got}`,
        path: [...nonPlain.path],
      },
    ]);
  }
  const record = value as Readonly<Record<string, unknown>>;
  const found = findSchema(record.apiVersion, record.kind);
  if (typeof found !== "function") return fail([found]);
  const parsed = found().safeParse(value, { reportInput: true });
  if (!parsed.success) return fail(parsed.error.issues.flatMap((i) => fromZodIssue(i)));
  if (record.kind === LEGACY_KIND) return validateLegacy(parsed.data);
  return { ok: true, resource: parsed.data as Resource, warnings: warningsFor(parsed.data as Resource) };
}

function validateLegacy(v1: unknown): ValidationResult {
  let v3: unknown;
  try {
    v3 = convertLegacyWorkloadEndpoint(v1 as Parameters<typeof convertLegacyWorkloadEndpoint>[0]);
  } catch (error) {
    return fail([{ code: "invalid-name", message: (error as Error).message, path: ["metadata"] }]);
  }
  const result = validateResource(v3);
  if (!result.ok) {
    return fail(
      result.issues.map((i) => ({ ...i, message: `after conversion to projectcalico.org/v3: ${i.message}` })),
    );
  }
  return {
    ok: true,
    resource: result.resource,
    warnings: [
      ...result.warnings,
      {
        code: "legacy-v1",
        message: `converted the legacy v1 workloadEndpoint to projectcalico.org/v3 WorkloadEndpoint ${JSON.stringify(result.resource.metadata.name)}`,
        path: [],
      },
    ],
  };
}

function warningsFor(resource: Resource): readonly ResourceIssue[] {
  if (resource.apiVersion !== "networking.k8s.io/v1") return [];
  const spec = resource.spec;
  if (
    (spec.egress?.length ?? 0) > 0 &&
    spec.policyTypes !== undefined &&
    !spec.policyTypes.includes("Egress")
  ) {
    return [
      {
        code: "egress-rules-ignored",
        message:
          "the policy has egress rules but policyTypes does not include Egress, so they are never enforced",
        path: ["spec", "egress"],
      },
    ];
  }
  return [];
}

/** Like `validateResource`, but returns the resource and throws ResourceValidationError (with `.issues`) when invalid. */
export function parseResource(value: unknown): Resource {
  const result = validateResource(value);
  if (!result.ok) throw new ResourceValidationError(result.issues);
  return result.resource;
}
