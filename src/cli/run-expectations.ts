/**
 * Checks expected flows against an engine: the verdict each got, and whether it is the one
 * expected (and decided by the expected tier, policy, rule or profile).
 */
import { FlowQueryError, type FlowVerdict, type PolicyEngine } from "../index.js";
import { cellVerdict, decidedByMatches, decisiveDirection, formatDecidedBySpec } from "./decided-by.js";
import type { FlowExpectation } from "./expectations.js";
import { toFlowQuery } from "./flow-args.js";
import { peerText } from "./peer.js";
import { flowText } from "./render-verdict.js";

/** The outcome of one expected flow. */
export interface ExpectationResult {
  readonly expectation: FlowExpectation;
  readonly flow: string;
  readonly passed: boolean;
  /** The verdict, or undefined when the flow could not be evaluated (see error). */
  readonly verdict?: FlowVerdict;
  /** `allow` or `deny`, with what decided it, e.g. `allow by default/backend/allow-api#0`. */
  readonly actual: string;
  /** Why it failed, in one line. */
  readonly failure?: string;
  readonly seconds: number;
}

/** `allow by <decision>` for a verdict. */
export function verdictSummary(verdict: FlowVerdict): string {
  const brief = cellVerdict(verdict);
  const action = brief.allowed ? "allow" : "deny";
  return brief.decidedBy === "none"
    ? `${action} (no policy evaluated on either side)`
    : `${action} by ${brief.decidedBy}`;
}

/** Runs one expectation; an unknown endpoint or bad address fails it rather than stopping the run. */
export function runExpectation(
  engine: PolicyEngine,
  expectation: FlowExpectation,
  now: () => number,
): ExpectationResult {
  const started = now();
  const flow = flowText(
    peerText(expectation.from),
    peerText(expectation.to),
    expectation.protocol,
    expectation.port,
  );
  const seconds = (): number => (now() - started) / 1000;
  let verdict: FlowVerdict;
  try {
    verdict = engine.check(toFlowQuery(expectation));
  } catch (error) {
    if (!(error instanceof FlowQueryError)) throw error;
    return {
      expectation,
      flow,
      passed: false,
      actual: "error",
      failure: `cannot evaluate: ${error.message}`,
      seconds: seconds(),
    };
  }
  const actual = verdictSummary(verdict);
  const done = (failure?: string): ExpectationResult => ({
    expectation,
    flow,
    passed: failure === undefined,
    verdict,
    actual,
    ...(failure === undefined ? {} : { failure }),
    seconds: seconds(),
  });
  if ((verdict.allowed ? "allow" : "deny") !== expectation.expect) {
    return done(`expected ${expectation.expect}, got ${actual}`);
  }
  if (expectation.decidedBy !== undefined) {
    const decisive = decisiveDirection(verdict);
    if (decisive === null || !decidedByMatches(expectation.decidedBy, decisive.decidedBy)) {
      return done(
        `expected ${expectation.expect} by ${formatDecidedBySpec(expectation.decidedBy)}, got ${actual}`,
      );
    }
  }
  return done();
}
