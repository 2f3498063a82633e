/**
 * `calico-policy diff`: the flows whose verdict changes between two versions of a cluster's
 * manifests, and what decided them before and after. Over the whole matrix for one port, or over
 * the flows of an expectations file.
 */
import { type CommandDef, FILE_OPTION, listOption, NAMESPACE_OPTION, stringOption } from "../command.js";
import { type CellVerdict, cellVerdict } from "../decided-by.js";
import { cell } from "../equivalence.js";
import { type FlowExpectation, readExpectationsFile } from "../expectations.js";
import { matrixEndpoints, reachability } from "../matrix-data.js";
import { peerText } from "../peer.js";
import { CliFailure, ExitCode } from "../problems.js";
import { flowText } from "../render-verdict.js";
import { type ExpectationResult, runExpectation } from "../run-expectations.js";
import { type Cluster, loadCluster } from "../sources.js";
import type { Style } from "../style.js";
import { PORT_PROTOCOL_OPTION, readPortProtocol } from "./matrix.js";

/** One flow whose verdict changed. */
export interface VerdictChange {
  readonly flow: string;
  readonly before: CellVerdict;
  readonly after: CellVerdict;
}

/** The diff command. */
export const diffCommand: CommandDef = {
  name: "diff",
  summary: "Which flows change verdict between two versions of the manifests, and why.",
  usage: "-f <before>... --against <after>... [--port 80/TCP] [-n <namespace>] [--flows <expectations.yaml>]",
  details: `Without --flows, every pair of workload endpoints present in both versions is compared on one
port (the matrix); with --flows, the flows of an expectations file are (their expect fields are ignored).

exit codes: 0 no verdict changed, 1 some verdicts changed, 2 bad input`,
  options: {
    filename: { ...FILE_OPTION, description: "manifests before the change (file or directory); repeatable" },
    against: {
      type: "string",
      multiple: true,
      value: "<file|dir>",
      description: "manifests after the change (file or directory); repeatable",
    },
    port: PORT_PROTOCOL_OPTION,
    namespace: { ...NAMESPACE_OPTION, description: "only endpoints of this namespace (matrix mode)" },
    flows: {
      type: "string",
      value: "<file>",
      description: "compare the flows of this expectations file instead of the matrix",
    },
  },
  outputs: ["text", "json"],
  positionals: { min: 0, max: 0, names: "" },
  async run({ io, style, values, output }) {
    const after = listOption(values, "against");
    if (after.length === 0) {
      throw new CliFailure(
        [{ code: "usage", location: "--against", message: "missing: the manifests after the change" }],
        {
          showUsage: true,
        },
      );
    }
    const flowsFile = stringOption(values, "flows");
    const { port, protocol } = readPortProtocol(stringOption(values, "port"));
    const expectations = flowsFile === undefined ? undefined : readExpectationsFile(flowsFile);
    const before = await loadCluster({ files: listOption(values, "filename"), etcd: undefined }, io);
    const afterCluster = await loadCluster({ files: after, etcd: undefined, flag: "--against" }, io);

    let changes: VerdictChange[];
    let compared: string;
    let added: readonly string[] = [];
    let removed: readonly string[] = [];
    if (expectations !== undefined) {
      changes = [];
      for (const flow of expectations) {
        const b = cellOfResult(runExpectation(before.engine, flow, io.now));
        const a = cellOfResult(runExpectation(afterCluster.engine, flow, io.now));
        if (b.allowed !== a.allowed || b.decidedBy !== a.decidedBy)
          changes.push({ flow: flowOf(flow), before: b, after: a });
      }
      compared = `${expectations.length} flows from ${flowsFile}`;
    } else {
      const namespace = stringOption(values, "namespace");
      const matrixOf = ({ engine, loaded }: Cluster) =>
        reachability(
          engine,
          matrixEndpoints(engine, loaded.resources, namespace),
          protocol,
          port,
          io,
          "diff",
        );
      const b = matrixOf(before);
      const a = matrixOf(afterCluster);
      const indexAfter = new Map(a.items.map((e, i) => [e.id, i]));
      const common = b.items
        .map((e, i) => [i, indexAfter.get(e.id)] as const)
        .filter((p): p is readonly [number, number] => p[1] !== undefined);
      const idsBefore = new Set(b.items.map((e) => e.id));
      added = a.items.filter((e) => !idsBefore.has(e.id)).map((e) => e.id);
      removed = b.items.filter((e) => !indexAfter.has(e.id)).map((e) => e.id);
      changes = [];
      for (const [bi, ai] of common) {
        for (const [bj, aj] of common) {
          const vb = cell(b, bi, bj);
          const va = cell(a, ai, aj);
          if (vb.allowed !== va.allowed || vb.decidedBy !== va.decidedBy) {
            changes.push({
              flow: `${b.items[bi]!.id} → ${b.items[bj]!.id} ${protocol}/${port}`,
              before: vb,
              after: va,
            });
          }
        }
      }
      compared = `${common.length * common.length} pairs of ${common.length} endpoints on ${protocol}/${port}`;
    }
    const verdictChanges = changes.filter((c) => c.before.allowed !== c.after.allowed);
    if (output === "json") {
      io.stdout(
        `${JSON.stringify({ compared, changes, endpointsAdded: added, endpointsRemoved: removed }, null, 2)}\n`,
      );
    } else {
      io.stdout(renderChanges(changes, compared, added, removed, style));
    }
    return verdictChanges.length > 0 ? ExitCode.negative : ExitCode.ok;
  },
};

// A flow that cannot be evaluated (e.g. its endpoint is gone) counts as denied, with the reason.
function cellOfResult(result: ExpectationResult): CellVerdict {
  return result.verdict === undefined
    ? { allowed: false, decidedBy: result.failure ?? "cannot evaluate" }
    : cellVerdict(result.verdict);
}

function flowOf(flow: FlowExpectation): string {
  return flowText(peerText(flow.from), peerText(flow.to), flow.protocol, flow.port);
}

function renderChanges(
  changes: readonly VerdictChange[],
  compared: string,
  added: readonly string[],
  removed: readonly string[],
  style: Style,
): string {
  const flips = changes.filter((c) => c.before.allowed !== c.after.allowed);
  let text = `compared ${compared}\n`;
  if (added.length > 0) text += `endpoints only after:  ${added.join(", ")}\n`;
  if (removed.length > 0) text += `endpoints only before: ${removed.join(", ")}\n`;
  const verdict = (v: CellVerdict): string => (v.allowed ? style.green("allow") : style.red("deny"));
  text += `\n${style.bold(flips.length === 1 ? "1 flow changes verdict" : `${flips.length} flows change verdict`)}\n`;
  for (const c of flips) {
    text += `  ${c.flow}\n    ${verdict(c.before)} (${c.before.decidedBy}) → ${verdict(c.after)} (${c.after.decidedBy})\n`;
  }
  const moved = changes.length - flips.length;
  if (moved > 0) {
    const keep =
      moved === 1
        ? "1 flow keeps its verdict but is decided elsewhere"
        : `${moved} flows keep their verdict but are decided elsewhere`;
    text += `\n${style.bold(keep)}\n`;
    for (const c of changes) {
      if (c.before.allowed === c.after.allowed)
        text += `  ${c.flow}: ${verdict(c.after)}, ${c.before.decidedBy} → ${c.after.decidedBy}\n`;
    }
  }
  return text;
}
