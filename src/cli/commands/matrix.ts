/**
 * `calico-policy matrix`: who can reach whom on one port, computed over equivalence classes of
 * endpoints so that it scales to large clusters.
 */
import {
  type CommandDef,
  ETCD_OPTION,
  FILE_OPTION,
  listOption,
  NAMESPACE_OPTION,
  stringOption,
} from "../command.js";
import { matrixEndpoints, reachability } from "../matrix-data.js";
import { isProblem, parsePortProtocol } from "../peer.js";
import { CliFailure, ExitCode } from "../problems.js";
import { matrixCsv, matrixDot, matrixJson, renderMatrixText } from "../render-matrix.js";
import { loadCluster } from "../sources.js";

/** --port for matrix and diff: `PORT[/PROTOCOL]`. */
export const PORT_PROTOCOL_OPTION = {
  type: "string",
  short: "p",
  value: "<port/proto>",
  description: "destination port and protocol, e.g. 8080/TCP or 53/UDP (default 80/TCP)",
} as const;

/** Parses --port for matrix and diff (default 80/TCP). */
export function readPortProtocol(text: string | undefined): {
  readonly port: number;
  readonly protocol: string;
} {
  const parsed = parsePortProtocol(text ?? "80/TCP", "--port");
  if (isProblem(parsed)) throw new CliFailure([parsed], { showUsage: true });
  return parsed;
}

/** The matrix command. */
export const matrixCommand: CommandDef = {
  name: "matrix",
  summary: "Who can reach whom on a port: every workload pair, over equivalence classes so it scales.",
  usage: "-f <file|dir>... [--port 80/TCP] [-n <namespace>] [-o text|json|csv|dot]",
  details: `Endpoints with the same namespace, effective labels, profiles, named ports and address family,
whose addresses no loaded rule CIDR or network set tells apart, get the same verdicts; one pair per
class pair is checked. A progress bar shows on stderr for large matrices when it is a terminal.

exit codes: 0 computed, 2 bad input`,
  options: {
    filename: FILE_OPTION,
    etcd: ETCD_OPTION,
    port: PORT_PROTOCOL_OPTION,
    namespace: {
      ...NAMESPACE_OPTION,
      description: "only endpoints of this namespace (as sources and destinations)",
    },
  },
  outputs: ["text", "json", "csv", "dot"],
  positionals: { min: 0, max: 0, names: "" },
  async run({ io, style, values, output }) {
    const { port, protocol } = readPortProtocol(stringOption(values, "port"));
    const { engine, loaded } = await loadCluster(
      { files: listOption(values, "filename"), etcd: stringOption(values, "etcd") },
      io,
    );
    const endpoints = matrixEndpoints(engine, loaded.resources, stringOption(values, "namespace"));
    const matrix = reachability(engine, endpoints, protocol, port, io, "matrix");
    const info = { protocol, port };
    if (output === "json") io.stdout(`${JSON.stringify(matrixJson(matrix, info), null, 2)}\n`);
    else if (output === "csv") io.stdout(matrixCsv(matrix, info));
    else if (output === "dot") io.stdout(matrixDot(matrix, info));
    else io.stdout(renderMatrixText(matrix, info, style));
    return ExitCode.ok;
  },
};
