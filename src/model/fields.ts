/**
 * Zod field schemas with Calico's rules and explicit messages. Zod's own unions say only
 * "Invalid input", so every field that accepts several shapes is a single transform that names
 * the value and what was expected.
 */
import * as z from "zod";
import { networkText, parseIp, parseNet } from "./ip.js";
import type { IssueSink, ResourceIssue } from "./issues.js";
import { describeValue, typeOfValue } from "./issues.js";
import { checkLabelKey, checkLabelValue } from "./names.js";
import { canonicalProtocolName, parsePort, parseResourceProtocol } from "./numorstring.js";
import { once } from "./once.js";
import type { Labels, PortValue, ProtocolValue } from "./types.js";

/** What a field parser returns: the value, or a problem (code and message). */
export type FieldResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: string; readonly message: string };

/** Builds a zod schema from a parser that reports its own code and message. */
export function field<T>(parse: (value: unknown) => FieldResult<T>): z.ZodType<T> {
  return z.unknown().transform((value, ctx) => {
    if (value === undefined) {
      ctx.issues.push({
        code: "custom",
        message: "missing required field",
        input: value,
        params: { code: "required" },
      });
      return z.NEVER;
    }
    const result = parse(value);
    if (result.ok) return result.value;
    ctx.issues.push({
      code: "custom",
      message: result.message,
      input: value,
      params: { code: result.code },
    });
    return z.NEVER;
  }) as unknown as z.ZodType<T>;
}

/** Adapts a check that reports through an IssueSink to a zod refinement. */
export function refineWith<T>(check: (value: T, report: IssueSink) => void) {
  return (value: T, ctx: z.core.$RefinementCtx<T>): void => {
    check(value, (issue: ResourceIssue) => {
      ctx.addIssue({
        code: "custom",
        message: issue.message,
        path: [...issue.path],
        input: issue.value,
        params: { code: issue.code },
      });
    });
  };
}

function wrongType<T>(value: unknown, expected: string): FieldResult<T> {
  return {
    ok: false,
    code: "invalid-type",
    message: `expected ${expected}, got ${typeOfValue(value)}${typeof value === "object" ? "" : ` (${describeValue(value)})`}`,
  };
}

/** A string field; numbers are rejected with a hint to quote them. */
export function stringField(check?: (value: string) => string | undefined, code = "invalid-value") {
  return field<string>((value) => parseString(value, check, code));
}

function parseString(
  value: unknown,
  check: ((value: string) => string | undefined) | undefined,
  code: string,
): FieldResult<string> {
  if (typeof value !== "string") return wrongType(value, "a string");
  const problem = check?.(value);
  return problem === undefined
    ? { ok: true, value }
    : { ok: false, code, message: `invalid value ${describeValue(value)}: expected ${problem}` };
}

/**
 * A string field that also takes a plain YAML number and keeps its digits, as Calico's YAML
 * decoder does for string fields: the documented sample's `containerID: 1337495556942031415926535`
 * is too large for a double, so the manifest loader hands it over as a bigint and it stays exact.
 */
export function stringLikeField(check?: (value: string) => string | undefined, code = "invalid-value") {
  return field<string>((value) =>
    parseString(
      typeof value === "bigint" || (typeof value === "number" && Number.isSafeInteger(value))
        ? String(value)
        : value,
      check,
      code,
    ),
  );
}

/** An integer in [min, max]. */
export function integerField(min: number, max: number, what = "an integer") {
  return field<number>((value) => {
    if (typeof value === "bigint") {
      return {
        ok: false,
        code: "out-of-range",
        message: `${value} is out of range: expected ${what} ${min}-${max}`,
      };
    }
    if (typeof value !== "number") return wrongType(value, `${what} ${min}-${max}`);
    if (!Number.isInteger(value) || value < min || value > max) {
      return {
        ok: false,
        code: "out-of-range",
        message: `${value} is out of range: expected ${what} ${min}-${max}`,
      };
    }
    return { ok: true, value };
  });
}

/** A finite number (policy and tier `order`). */
export const orderField = once(() =>
  field<number>((value) => {
    if (typeof value !== "number" || !Number.isFinite(value)) return wrongType(value, "a finite number");
    return { ok: true, value };
  }),
);

/** A boolean. */
export const booleanField = once(() =>
  field<boolean>((value) =>
    typeof value === "boolean" ? { ok: true, value } : wrongType(value, "true or false"),
  ),
);

/** One of a closed set of strings, matched exactly. */
export function enumField<const T extends string>(values: readonly T[]) {
  const allowed: ReadonlySet<string> = new Set(values);
  return field<T>((value) => {
    if (typeof value === "string" && allowed.has(value)) return { ok: true, value: value as T };
    return {
      ok: false,
      code: "invalid-enum",
      message: `invalid value ${describeValue(value)}: expected one of ${values.map((v) => JSON.stringify(v)).join(", ")}`,
    };
  });
}

/** A protocol as Calico validates it: a name spelled exactly (`TCP`, `ICMPv6`) or an integer 1-255. */
export const protocolField = once(() =>
  field<ProtocolValue>((value) => {
    if (
      (typeof value === "string" || typeof value === "number") &&
      parseResourceProtocol(value) !== undefined
    ) {
      return { ok: true, value };
    }
    const canonical = typeof value === "string" ? canonicalProtocolName(value) : undefined;
    return {
      ok: false,
      code: "invalid-protocol",
      message:
        canonical !== undefined
          ? `invalid protocol ${describeValue(value)}: Calico spells protocol names exactly, so write "${canonical}"`
          : `invalid protocol ${describeValue(value)}: expected TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite or an integer 1-255`,
    };
  }),
);

/** A port: a number, a `"min:max"` range, or a port name (Calico's numorstring.Port). */
export const portField = once(() =>
  field<PortValue>((value) => {
    if (typeof value !== "string" && typeof value !== "number") {
      return wrongType(value, 'a port number 1-65535, a range "min:max", or a port name');
    }
    const parsed = parsePort(value);
    if ("error" in parsed) return { ok: false, code: "invalid-port", message: parsed.error };
    return { ok: true, value };
  }),
);

/** A CIDR (or a bare address, which Calico reads as a host network). */
export const cidrField = once(() => networkField({ bareIp: true, masked: false }));

/**
 * A rule's `nets` / `notNets` entry: Calico's `net` tag wants it strictly masked (`10.0.0.1/24`
 * is refused) and validateRule's `cnet.ParseCIDR` wants the prefix (`10.0.0.1` is refused).
 */
export const ruleNetField = once(() => networkField({ bareIp: false, masked: true }));

/** A Kubernetes ipBlock CIDR: a prefix is required (Kubernetes parses it with ParseCIDR). */
export const prefixedCidrField = once(() => networkField({ bareIp: false, masked: false }));

function networkField(options: { readonly bareIp: boolean; readonly masked: boolean }) {
  const example = options.bareIp ? "10.0.0.0/8, fd00::/64 or a bare address" : "10.0.0.0/8 or fd00::/64";
  return field<string>((value) => {
    if (typeof value !== "string") return wrongType(value, "a CIDR such as 10.0.0.0/8");
    const net = parseNet(value, { allowBareIp: true });
    if (net === undefined || (!net.hasPrefix && !options.bareIp)) {
      return {
        ok: false,
        code: "invalid-cidr",
        message: `invalid CIDR ${describeValue(value)}: expected an IPv4 or IPv6 network such as ${example} (four-part decimal IPv4, no leading zeros)`,
      };
    }
    if (options.masked) {
      const network = networkText(net);
      if (network !== `${net.address.toString()}/${net.prefix}`) {
        return {
          ok: false,
          code: "unmasked-cidr",
          message: `invalid network ${describeValue(value)}: host bits are set; Calico wants the network address, ${JSON.stringify(network)}`,
        };
      }
    }
    return { ok: true, value };
  });
}

/** An IP address of the given family (or either). */
export function ipField(family?: 4 | 6) {
  const what = family === 4 ? "an IPv4 address" : family === 6 ? "an IPv6 address" : "an IP address";
  return field<string>((value) => {
    if (typeof value !== "string") return wrongType(value, what);
    const ip = parseIp(value);
    if (ip === undefined || (family !== undefined && (ip.kind() === "ipv4" ? 4 : 6) !== family)) {
      return {
        ok: false,
        code: "invalid-ip",
        message: `invalid address ${describeValue(value)}: expected ${what}`,
      };
    }
    return { ok: true, value };
  });
}

/** A list whose length is capped; items validated by `item`. */
export function listField<T>(item: z.ZodType<T>, max: number) {
  return z
    .array(item, {
      error: (iss) =>
        iss.code === "invalid_type" ? `expected a list, got ${typeOfValue(iss.input)}` : undefined,
    })
    .max(max, { error: `too many items: at most ${max} allowed` });
}

/** The first problem with one label entry, or undefined when it is valid. */
function labelProblem(
  key: string,
  value: unknown,
  forbiddenKeys: readonly string[] | undefined,
): { readonly code: string; readonly message: string; readonly input: unknown } | undefined {
  const keyProblem = checkLabelKey(key);
  if (keyProblem !== undefined) {
    return {
      code: "invalid-label-key",
      input: key,
      message: `invalid label key ${describeValue(key)}: expected ${keyProblem}`,
    };
  }
  if (forbiddenKeys?.includes(key)) {
    return {
      code: "reserved-label",
      input: key,
      message: `label ${describeValue(key)} is reserved: Calico sets it itself and forbids it here`,
    };
  }
  if (typeof value !== "string") {
    return {
      code: "invalid-type",
      input: value,
      message: `label ${describeValue(key)} must have a string value, got ${typeOfValue(value)} (${describeValue(value)}); quote it`,
    };
  }
  const valueProblem = checkLabelValue(value);
  if (valueProblem !== undefined) {
    return {
      code: "invalid-label-value",
      input: value,
      message: `invalid value ${describeValue(value)} for label ${describeValue(key)}: expected ${valueProblem}`,
    };
  }
  return undefined;
}

/**
 * A label map checked with Kubernetes' rules, built as a null-prototype object so keys such as
 * `constructor` are ordinary data (and `__proto__`, which is not a valid key, cannot pollute).
 */
export function labelsField(options: { readonly forbiddenKeys?: readonly string[] } = {}) {
  return z.unknown().transform((value, ctx) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      ctx.issues.push({
        code: "custom",
        input: value,
        message: `expected a mapping of label keys to string values, got ${typeOfValue(value)}`,
        params: { code: "invalid-type" },
      });
      return z.NEVER;
    }
    const labels: Record<string, string> = Object.create(null);
    let ok = true;
    for (const key of Object.keys(value)) {
      const v: unknown = (value as Record<string, unknown>)[key];
      const problem = labelProblem(key, v, options.forbiddenKeys);
      if (problem === undefined) {
        labels[key] = v as string;
      } else {
        ok = false;
        ctx.issues.push({
          code: "custom",
          input: problem.input,
          path: [key],
          message: problem.message,
          params: { code: problem.code },
        });
      }
    }
    return ok ? (labels as Labels) : z.NEVER;
  });
}

/**
 * `z.strictObject` whose unknown-field issue lists the fields that are allowed, so a typo such as
 * `ipNetwork` is reported with what was expected.
 */
export function strictObject<T extends z.core.$ZodLooseShape>(shape: T) {
  const allowed = Object.keys(shape).join(", ");
  return z.strictObject(shape, {
    error: (iss) => (iss.code === "unrecognized_keys" ? `${UNKNOWN_FIELD_PREFIX}${allowed}` : undefined),
  });
}

/** Prefix of the unknown-field message; the allowed field names follow, comma-separated. */
export const UNKNOWN_FIELD_PREFIX = "expected one of: ";
