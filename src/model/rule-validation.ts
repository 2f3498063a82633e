/**
 * Calico's rule validation (calico-semantics.md B.2-B.5; `validator.go validateRule` and the CRD's
 * CEL rules), as pure checks over a structurally valid rule. Each reports issues with paths
 * relative to the rule.
 */

import { parseNet } from "./ip.js";
import type { IssueSink } from "./issues.js";
import { describeValue, reportRepeats } from "./issues.js";
import { checkPortName } from "./names.js";
import { parsePort, parseProtocol, protocolSupportsPorts } from "./numorstring.js";
import type { EntityRule, HTTPMatch, Rule } from "./types.js";

/** Whether a rule sits in a policy's ingress or egress list (some rules depend on it). */
export type RuleDirection = "ingress" | "egress";

/**
 * Where the rule lives: its direction, and its owner. Calico checks some things only in policy
 * specs (`validateNetworkPolicySpec` / `validateGlobalNetworkPolicySpec`: http not in egress,
 * services on the right side, a global policy's services namespace), not in profiles.
 */
export interface RuleContext {
  readonly direction: RuleDirection;
  readonly owner: "namespaced-policy" | "global-policy" | "profile";
}

const ICMP_PROTOCOLS: ReadonlySet<number> = new Set([1, 58]);

/** Checks every rule-level constraint; paths are relative to the rule. */
export function checkRule(rule: Rule, context: RuleContext, report: IssueSink): void {
  checkIcmp(rule, report);
  checkIpVersionProtocol(rule, report);
  checkPorts(rule, report);
  checkNets(rule, report);
  if (rule.http !== undefined) checkHttp(rule, context, rule.http, report);
  if (rule.source !== undefined) checkEntity(rule.source, "source", context, report);
  if (rule.destination !== undefined) checkEntity(rule.destination, "destination", context, report);
}

function checkIcmp(rule: Rule, report: IssueSink): void {
  for (const key of ["icmp", "notICMP"] as const) {
    const icmp = rule[key];
    if (icmp === undefined) continue;
    if (icmp.code !== undefined && icmp.type === undefined) {
      report({
        code: "icmp-code-without-type",
        message: `${key}.code ${icmp.code} is set without ${key}.type: an ICMP code needs a type`,
        path: [key, "code"],
        value: icmp.code,
      });
    }
    const protocol = rule.protocol === undefined ? undefined : parseProtocol(rule.protocol);
    if (protocol === undefined || !ICMP_PROTOCOLS.has(protocol.number)) {
      report({
        code: "icmp-requires-icmp-protocol",
        message: `${key} needs protocol ICMP or ICMPv6 (or 1 / 58), but protocol is ${describeValue(rule.protocol)}`,
        path: rule.protocol === undefined ? [key] : ["protocol"],
        value: rule.protocol,
      });
    }
  }
}

function checkIpVersionProtocol(rule: Rule, report: IssueSink): void {
  if (rule.ipVersion === undefined) return;
  for (const key of ["protocol", "notProtocol"] as const) {
    const written = rule[key];
    if (written === undefined) continue;
    const n = parseProtocol(written)?.number;
    const needed = n === 1 ? 4 : n === 58 ? 6 : undefined;
    if (needed !== undefined && needed !== rule.ipVersion) {
      report({
        code: "protocol-ip-version-mismatch",
        message: `${key} ${describeValue(written)} needs ipVersion ${needed}, but ipVersion is ${rule.ipVersion}`,
        path: [key],
        value: written,
      });
    }
  }
}

function checkPorts(rule: Rule, report: IssueSink): void {
  const protocol = rule.protocol === undefined ? undefined : parseProtocol(rule.protocol);
  for (const side of ["source", "destination"] as const) {
    const entity = rule[side];
    if (entity === undefined) continue;
    for (const key of ["ports", "notPorts"] as const) {
      const ports = entity[key];
      if (ports === undefined) continue;
      ports.forEach((port, i) => {
        const path = [side, key, i];
        const parsed = parsePort(port);
        if ("error" in parsed) return;
        if (parsed.kind === "named") {
          const problem = checkPortName(parsed.name);
          if (problem !== undefined) {
            report({
              code: "invalid-port-name",
              message: `invalid port name ${describeValue(port)}: expected ${problem}`,
              path,
              value: port,
            });
          }
        }
        if (protocol !== undefined && !protocolSupportsPorts(protocol.number)) {
          report({
            code: "ports-not-supported",
            message: `${side}.${key} is set, but protocol ${describeValue(rule.protocol)} has no ports: only TCP, UDP and SCTP rules may list ports`,
            path,
            value: port,
          });
        } else if (protocol === undefined && parsed.kind === "range") {
          report({
            code: "port-requires-protocol",
            message: `port ${describeValue(port)}: rules with numeric port or port range must set protocol to TCP or UDP or SCTP`,
            path,
            value: port,
          });
        }
      });
    }
  }
}

function checkNets(rule: Rule, report: IssueSink): void {
  let seen: { family: 4 | 6; path: (string | number)[]; text: string } | undefined;
  for (const side of ["source", "destination"] as const) {
    for (const key of ["nets", "notNets"] as const) {
      rule[side]?.[key]?.forEach((text, i) => {
        const net = parseNet(text, { allowBareIp: true });
        if (net === undefined) return;
        const path = [side, key, i];
        if (key === "notNets" && net.prefix === 0) {
          report({
            code: "catch-all-not-net",
            message: `notNets entry ${describeValue(text)} excludes every address, so the rule could never match; remove it`,
            path,
            value: text,
          });
        }
        if (rule.ipVersion !== undefined && net.family !== rule.ipVersion) {
          report({
            code: "net-ip-version-mismatch",
            message: `${describeValue(text)} is an IPv${net.family} network, but the rule's ipVersion is ${rule.ipVersion}`,
            path,
            value: text,
          });
        } else if (seen === undefined) {
          seen = { family: net.family, path, text };
        } else if (seen.family !== net.family) {
          report({
            code: "mixed-ip-versions",
            message: `${describeValue(text)} is IPv${net.family} but ${describeValue(seen.text)} is IPv${seen.family}: a rule's nets must all be one IP version`,
            path,
            value: text,
          });
        }
      });
    }
  }
}

const MAX_HTTP_ITEMS = 20;

function checkHttp(rule: Rule, context: RuleContext, http: HTTPMatch, report: IssueSink): void {
  if (rule.action !== "Allow") {
    report({
      code: "http-requires-allow",
      message: `http match is only allowed on Allow rules, but the action is ${describeValue(rule.action)}`,
      path: ["http"],
      value: rule.action,
    });
  }
  if (context.direction === "egress" && context.owner !== "profile") {
    report({ code: "http-in-egress", message: "http match is not allowed in egress rule", path: ["http"] });
  }
  const protocol = rule.protocol === undefined ? undefined : parseProtocol(rule.protocol);
  if (protocol !== undefined && protocol.number !== 6) {
    report({
      code: "http-requires-tcp",
      message: `http match needs protocol TCP or no protocol, but protocol is ${describeValue(rule.protocol)}`,
      path: ["protocol"],
      value: rule.protocol,
    });
  }
  if (http.methods !== undefined) {
    if (http.methods.length > MAX_HTTP_ITEMS) {
      report({
        code: "too-many-http-methods",
        message: `at most ${MAX_HTTP_ITEMS} HTTP methods allowed`,
        path: ["http", "methods"],
      });
    }
    reportRepeats(
      http.methods,
      { code: "duplicate-http-method", what: "HTTP method", path: ["http", "methods"] },
      report,
    );
  }
  if (http.paths !== undefined) {
    if (http.paths.length > MAX_HTTP_ITEMS) {
      report({
        code: "too-many-http-paths",
        message: `at most ${MAX_HTTP_ITEMS} HTTP paths allowed`,
        path: ["http", "paths"],
      });
    }
    http.paths.forEach((p, i) => {
      const path = ["http", "paths", i];
      if ((p.exact === undefined) === (p.prefix === undefined)) {
        report({
          code: "http-path-exact-or-prefix",
          message: "an HTTP path needs exactly one of exact or prefix",
          path,
          value: p,
        });
        return;
      }
      const key = p.exact !== undefined ? "exact" : "prefix";
      const text = (p.exact ?? p.prefix)!;
      if (!text.startsWith("/") || /[?# ]/.test(text)) {
        report({
          code: "invalid-http-path",
          message: `invalid HTTP path ${describeValue(text)}: expected a path starting with '/' and containing no '?', '#' or space`,
          path: [...path, key],
          value: text,
        });
      }
    });
  }
}

function checkEntity(
  entity: EntityRule,
  side: "source" | "destination",
  context: RuleContext,
  report: IssueSink,
): void {
  const services = entity.services;
  if (services === undefined) return;
  const allowedSide = context.direction === "egress" ? "destination" : "source";
  if (side !== allowedSide && context.owner !== "profile") {
    report({
      code: "services-wrong-side",
      message: `services may only be used in an ${context.direction} rule's ${allowedSide}, not its ${side}`,
      path: [side, "services"],
      value: services,
    });
  }
  for (const key of [
    "namespaceSelector",
    "serviceAccounts",
    "selector",
    "notSelector",
    "nets",
    "notNets",
  ] as const) {
    if (entity[key] !== undefined) {
      report({
        code: "services-exclusive",
        message: `${side}.${key} cannot be combined with ${side}.services`,
        path: [side, key],
        value: entity[key],
      });
    }
  }
  if (side === "destination") {
    for (const key of ["ports", "notPorts"] as const) {
      if (entity[key] !== undefined) {
        report({
          code: "services-with-ports",
          message: `destination.${key} cannot be set with destination.services: the service defines the ports`,
          path: [side, key],
          value: entity[key],
        });
      }
    }
  }
  if (context.owner === "global-policy" && services.namespace === undefined) {
    report({
      code: "services-namespace-required",
      message: `${side}.services.namespace is required in a global policy (service ${describeValue(services.name)})`,
      path: [side, "services", "namespace"],
    });
  }
}
