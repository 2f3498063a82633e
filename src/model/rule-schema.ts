/**
 * Schemas for Rule and EntityRule (calico-semantics.md B.2-B.4): structure with zod, then the
 * cross-field rules of rule-validation.ts as a refinement that knows the rule's direction.
 */
import * as z from "zod";
import {
  enumField,
  field,
  integerField,
  listField,
  portField,
  protocolField,
  refineWith,
  ruleNetField,
  strictObject,
  stringField,
} from "./fields.js";
import { describeValue } from "./issues.js";
import { annotationsField } from "./metadata.js";
import { checkDnsSubdomain } from "./names.js";
import { once } from "./once.js";
import { checkRule, type RuleContext } from "./rule-validation.js";
import {
  namespaceSelectorField,
  ruleSelectorField,
  ruleServiceAccountSelectorField,
  uncheckedSelectorField,
} from "./selector-field.js";
import type { Rule } from "./types.js";

/** Calico's limits: 1024 rules per direction, 256 nets, 50 ports (policy_common.go). */
export const MAX_RULES = 1024;
const MAX_NETS = 256;
const MAX_PORTS = 50;

const icmpSchema = once(() =>
  strictObject({
    type: integerField(0, 254, "an ICMP type").optional(),
    code: integerField(0, 255, "an ICMP code").optional(),
  }),
);

const entityRuleSchema = once(() =>
  strictObject({
    nets: listField(ruleNetField(), MAX_NETS).optional(),
    notNets: listField(ruleNetField(), MAX_NETS).optional(),
    selector: ruleSelectorField().optional(),
    notSelector: uncheckedSelectorField().optional(),
    namespaceSelector: namespaceSelectorField().optional(),
    ports: listField(portField(), MAX_PORTS).optional(),
    notPorts: listField(portField(), MAX_PORTS).optional(),
    serviceAccounts: strictObject({
      names: listField(stringField(checkServiceAccountName, "invalid-service-account-name"), 1024).optional(),
      selector: ruleServiceAccountSelectorField().optional(),
    }).optional(),
    services: strictObject({
      name: stringField(checkDnsSubdomain, "invalid-name"),
      namespace: stringField(checkDnsSubdomain, "invalid-namespace").optional(),
    }).optional(),
  }),
);

const httpSchema = once(() =>
  strictObject({
    methods: z.array(stringField()).optional(),
    paths: z
      .array(
        strictObject({
          exact: stringField().optional(),
          prefix: stringField().optional(),
        }),
      )
      .optional(),
  }),
);

const ruleBase = once(() =>
  strictObject({
    action: enumField(["Allow", "Deny", "Log", "Pass"] as const),
    ipVersion: ipVersionField().optional(),
    protocol: protocolField().optional(),
    notProtocol: protocolField().optional(),
    icmp: icmpSchema().optional(),
    notICMP: icmpSchema().optional(),
    source: entityRuleSchema().optional(),
    destination: entityRuleSchema().optional(),
    http: httpSchema().optional(),
    metadata: strictObject({ annotations: annotationsField().optional() }).optional(),
  }),
);

const ipVersionField = once(() =>
  field<4 | 6>((value) =>
    value === 4 || value === 6
      ? { ok: true, value }
      : {
          ok: false,
          code: "invalid-enum",
          message: `invalid ipVersion ${describeValue(value)}: expected 4 or 6`,
        },
  ),
);

const schemas = new Map<string, z.ZodType<Rule>>();

/** The rule schema for one context (direction, global or namespaced policy). */
export function ruleSchema(context: RuleContext): z.ZodType<Rule> {
  const key = `${context.direction}:${context.owner}`;
  let schema = schemas.get(key);
  if (schema === undefined) {
    schema = ruleBase().superRefine(
      refineWith<Rule>((rule, report) => checkRule(rule, context, report)),
    ) as unknown as z.ZodType<Rule>;
    schemas.set(key, schema);
  }
  return schema;
}

/** A rule list for one direction: at most 1024 rules. */
export function rulesField(context: RuleContext) {
  return listField(ruleSchema(context), MAX_RULES);
}

/**
 * Calico does not validate service account names: rules.go pastes them between single quotes
 * into `projectcalico.org/serviceaccount in { '<name>', ... }`. A quote in a name therefore
 * breaks Felix's parse of that selector (`a'b`) or rewrites it (`x' } || all() || a in { 'y`
 * matches everything); no Kubernetes service account can have one, so it is refused.
 */
function checkServiceAccountName(name: string): string | undefined {
  if (!name.includes("'")) return undefined;
  return "a name without a single quote (Calico pastes names unescaped into the selector projectcalico.org/serviceaccount in { '...' }, which Felix could then not read as written)";
}
