/**
 * The label index module's public surface.
 */

export type { LabelIndexErrorCode, LabelIndexIssue, LabelIndexResult } from "./errors.js";
export { LabelIndexError } from "./errors.js";
export type { MatchListener, MemberListener } from "./event-queue.js";
export type { LabelIndexOptions, LabelIndexStats, NamedPortRequest } from "./label-index.js";
export { LabelIndex } from "./label-index.js";
export type {
  IndexEndpoint,
  IndexPort,
  IpSetMember,
  LabelIndexApi,
  MatchEvent,
  MemberEvent,
  NamedPortProtocol,
} from "./types.js";
