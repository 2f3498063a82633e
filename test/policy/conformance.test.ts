/**
 * The conformance table run hono-style against both implementations: the indexed PolicyEngine
 * and the naive reference evaluator. Each case is one fact of calico-semantics.md.
 */
import { describe, expect, it } from "vitest";
import { PolicyEngine } from "../../src/engine.js";
import type { FlowQuery } from "../../src/policy/types.js";
import { referenceCheck } from "../support/reference-evaluator.js";
import { CASES, type ConformanceCase, type ExpectedDirection } from "./conformance-cases.js";

interface Outcome {
  readonly allowed: boolean;
  readonly egress: ExpectedDirection;
  readonly ingress: ExpectedDirection;
}

const implementations: readonly [string, (c: ConformanceCase) => Outcome][] = [
  [
    "PolicyEngine",
    (c) => {
      const engine = new PolicyEngine();
      engine.apply(c.resources);
      const v = engine.check(c.flow as FlowQuery);
      const pick = (d: typeof v.egress): ExpectedDirection =>
        d === null ? null : ({ action: d.action, decidedBy: d.decidedBy } as ExpectedDirection);
      return { allowed: v.allowed, egress: pick(v.egress), ingress: pick(v.ingress) };
    },
  ],
  [
    "reference evaluator",
    (c) => {
      const v = referenceCheck(c.resources, c.flow);
      const pick = (d: typeof v.egress): ExpectedDirection =>
        d === null ? null : ({ action: d.action, decidedBy: d.decidedBy } as ExpectedDirection);
      return { allowed: v.allowed, egress: pick(v.egress), ingress: pick(v.ingress) };
    },
  ],
];

describe.each(implementations)("flow-check conformance: %s", (_name, run) => {
  it.each(CASES.map((c) => [c.fact, c] as const))("%s", (_fact, c) => {
    const outcome = run(c);
    expect(outcome.allowed).toBe(c.allowed);
    if (c.egress !== undefined) expect(outcome.egress).toEqual(c.egress);
    if (c.ingress !== undefined) expect(outcome.ingress).toEqual(c.ingress);
  });
});
