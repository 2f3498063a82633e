/**
 * ObjectMeta schemas: the fields the engine uses are checked; Kubernetes bookkeeping fields
 * (uid, resourceVersion, managedFields, ...) are accepted as written; anything else is an error.
 */
import * as z from "zod";
import { field, labelsField, strictObject, stringField } from "./fields.js";
import { describeValue, typeOfValue } from "./issues.js";
import { checkDnsLabel, checkDnsSubdomain, checkLabelKey } from "./names.js";
import { once } from "./once.js";
import type { Labels } from "./types.js";

/** Kubernetes-maintained metadata fields that carry no meaning for policy. */
const BOOKKEEPING = {
  uid: z.unknown().optional(),
  resourceVersion: z.unknown().optional(),
  creationTimestamp: z.unknown().optional(),
  deletionTimestamp: z.unknown().optional(),
  deletionGracePeriodSeconds: z.unknown().optional(),
  generation: z.unknown().optional(),
  generateName: z.unknown().optional(),
  managedFields: z.unknown().optional(),
  finalizers: z.unknown().optional(),
  ownerReferences: z.unknown().optional(),
  selfLink: z.unknown().optional(),
};

/** metav1.Time's form: RFC 3339 (`2024-01-01T00:00:00Z`), as `time.Parse(time.RFC3339, ...)` reads it. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function checkRfc3339(value: string): string | undefined {
  return RFC3339.test(value) ? undefined : "an RFC 3339 time such as 2024-01-01T00:00:00Z";
}

/** Calico's (and Kubernetes') limit on the total size of a resource's annotations. */
const MAX_ANNOTATIONS_BYTES = 256 * 1024;

function utf8Length(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** Annotations: qualified-name keys (any case), string values, 256 KiB in all; a null-prototype map. */
export const annotationsField = once(() =>
  field<Labels>((value) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      return {
        ok: false,
        code: "invalid-type",
        message: `expected a mapping of strings, got ${typeOfValue(value)}`,
      };
    }
    const out: Record<string, string> = Object.create(null);
    let size = 0;
    for (const key of Object.keys(value)) {
      const v: unknown = (value as Record<string, unknown>)[key];
      if (typeof v !== "string") {
        return {
          ok: false,
          code: "invalid-type",
          message: `annotation ${describeValue(key)} must have a string value, got ${typeOfValue(v)}; quote it`,
        };
      }
      // validateObjectMetaAnnotations: keys are qualified names once lower-cased.
      const problem = checkLabelKey(key.toLowerCase());
      if (problem !== undefined) {
        return {
          ok: false,
          code: "invalid-annotation-key",
          message: `invalid annotation key ${describeValue(key)}: expected ${problem.replace("a label key", "a qualified name")}`,
        };
      }
      size += utf8Length(key) + utf8Length(v);
      out[key] = v;
    }
    if (size > MAX_ANNOTATIONS_BYTES) {
      return {
        ok: false,
        code: "annotations-too-large",
        message: `annotations total ${size} bytes: at most ${MAX_ANNOTATIONS_BYTES} (256 KiB) allowed`,
      };
    }
    return { ok: true, value: out };
  }),
);

/** Options for one kind's metadata. */
export interface MetadataOptions {
  readonly namespaced: boolean;
  readonly checkName?: (name: string) => string | undefined;
  /** Labels Calico forbids on this kind (e.g. projectcalico.org/namespace on NetworkSets). */
  readonly forbiddenLabels?: readonly string[];
}

/** The metadata schema for one kind; `namespace` defaults to "default" on namespaced kinds. */
export function metadataSchema(options: MetadataOptions) {
  const labelOptions = options.forbiddenLabels ? { forbiddenKeys: options.forbiddenLabels } : {};
  return strictObject({
    name: stringField(options.checkName ?? checkDnsSubdomain, "invalid-name"),
    namespace: options.namespaced
      ? stringField(checkDnsLabel, "invalid-namespace").optional()
      : field<never>((value) => ({
          ok: false,
          code: "cluster-scoped",
          message: `this kind is cluster-scoped, so it has no namespace (got ${describeValue(value)}): remove metadata.namespace`,
        })).optional(),
    labels: labelsField(labelOptions).optional(),
    annotations: annotationsField().optional(),
    ...BOOKKEEPING,
  }).transform((meta) =>
    stripUndefined(options.namespaced ? { ...meta, namespace: meta.namespace ?? "default" } : meta),
  );
}

/** Metadata of Kubernetes kinds (Pod, Namespace, ...): lenient about fields the engine ignores. */
export function kubernetesMetadataSchema(options: MetadataOptions) {
  return z
    .looseObject({
      name: stringField(options.checkName ?? checkDnsSubdomain, "invalid-name"),
      namespace: options.namespaced
        ? stringField(checkDnsLabel, "invalid-namespace").optional()
        : z.unknown().optional(),
      labels: labelsField().optional(),
      annotations: annotationsField().optional(),
      // Read because it decides whether a terminating pod still has an endpoint (IsFinished).
      deletionTimestamp: stringField(checkRfc3339, "invalid-timestamp").nullable().optional(),
    })
    .transform((meta) => {
      const out: Record<string, unknown> = { name: meta.name };
      if (options.namespaced) out.namespace = meta.namespace ?? "default";
      if (meta.labels !== undefined) out.labels = meta.labels;
      if (meta.annotations !== undefined) out.annotations = meta.annotations;
      if (typeof meta.deletionTimestamp === "string") out.deletionTimestamp = meta.deletionTimestamp;
      for (const key of ["uid", "resourceVersion", "creationTimestamp"] as const) {
        const v: unknown = (meta as Record<string, unknown>)[key];
        if (typeof v === "string") out[key] = v;
      }
      return out as { name: string; namespace?: string; labels?: Labels; annotations?: Labels };
    });
}

/** Drops keys whose value is undefined, so output objects hold only what was written or defaulted. */
export function stripUndefined<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v;
  return out as T;
}
