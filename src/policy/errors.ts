/**
 * Errors of the engine's two boundaries: a flow query it cannot answer, and a batch of resources
 * it will not apply. Both carry their problems as readonly data.
 */
import { formatPath } from "../model/issues.js";
import type { ResourceRef } from "../model/types.js";

/** Why a flow query was rejected. */
export type FlowQueryErrorCode =
  | "bad-query"
  | "bad-protocol"
  | "bad-port"
  | "bad-icmp"
  | "bad-ip"
  | "bad-endpoint"
  | "unknown-endpoint"
  | "ip-not-owned"
  | "no-address"
  | "family-mismatch";

/** One problem with a flow query: the field (e.g. `destination.port`), the value given, and what was expected. */
export interface FlowQueryIssue {
  readonly code: FlowQueryErrorCode;
  readonly field: string;
  readonly value: unknown;
  readonly message: string;
}

/** Thrown by `PolicyEngine.check` for a query it cannot answer; `safeCheck` returns the same data. */
export class FlowQueryError extends Error {
  readonly code: FlowQueryErrorCode;
  readonly field: string;
  readonly value: unknown;

  constructor(issue: FlowQueryIssue) {
    super(issue.message);
    this.name = "FlowQueryError";
    this.code = issue.code;
    this.field = issue.field;
    this.value = issue.value;
  }
}

/** One reason a resource was rejected by `apply`: which resource, where in it, and what is wrong. */
export interface ApplyIssue {
  readonly code: string;
  readonly message: string;
  /** Field path inside the resource, e.g. `["spec", "ingress", 0, "source", "selector"]`. */
  readonly path: readonly (string | number)[];
  /** Position of the resource in the batch given to `apply`. */
  readonly index: number;
  /** The resource's kind/name/namespace when they could be read. */
  readonly resource?: ResourceRef;
}

/** Thrown by `apply` when any resource in the batch is invalid; nothing in the batch was applied. */
export class ApplyError extends Error {
  readonly issues: readonly ApplyIssue[];

  constructor(issues: readonly ApplyIssue[]) {
    super(
      `apply rejected ${issues.length} problem(s); nothing was applied:\n${issues.map(formatApplyIssue).join("\n")}`,
    );
    this.name = "ApplyError";
    this.issues = issues;
  }
}

/** One line per issue: `NetworkPolicy ns/name spec.ingress[0].source.selector: message`. */
export function formatApplyIssue(issue: ApplyIssue): string {
  const r = issue.resource;
  const who = r
    ? `${r.kind} ${r.namespace === undefined ? "" : `${r.namespace}/`}${r.name}`
    : `resource #${issue.index}`;
  return `  ${who}${issue.path.length > 0 ? ` ${formatPath(issue.path)}` : ""}: ${issue.message}`;
}
