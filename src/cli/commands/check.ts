/**
 * `calico-policy check`: would this flow be allowed, and which tier, policy and rule decided it?
 */
import { type CommandDef, ETCD_OPTION, FILE_OPTION, listOption, stringOption } from "../command.js";
import { readFlowArgs, toFlowQuery } from "../flow-args.js";
import { peerText } from "../peer.js";
import { ExitCode } from "../problems.js";
import { flowText, renderVerdict } from "../render-verdict.js";
import { loadCluster } from "../sources.js";

/** The check command. */
export const checkCommand: CommandDef = {
  name: "check",
  summary: "Would a flow be allowed? Prints the verdict and the tiers, policies and rules that decided it.",
  usage: "-f <file|dir>... --from <ns/name|ip> --to <ns/name|ip> [--port <n>] [--protocol TCP]",
  details: `A workload is named namespace/name, where name is the pod name or the WorkloadEndpoint name.
An IP address that belongs to a workload is that workload; any other address is outside the cluster
(no policy is evaluated on its side).

exit codes: 0 allowed, 1 denied, 2 bad input (files, arguments, unknown endpoint)`,
  options: {
    filename: FILE_OPTION,
    etcd: ETCD_OPTION,
    from: { type: "string", value: "<ns/name|ip>", description: "source workload or address" },
    to: { type: "string", value: "<ns/name|ip>", description: "destination workload or address" },
    port: { type: "string", short: "p", value: "<n>", description: "destination port (TCP, UDP, SCTP)" },
    protocol: {
      type: "string",
      value: "<name|n>",
      description: "TCP (default), UDP, SCTP, ICMP, ICMPv6, UDPLite or 1-255",
    },
    "icmp-type": {
      type: "string",
      value: "<n>",
      description: "ICMP type (ICMP/ICMPv6 only; without it, a type no rule names)",
    },
    "icmp-code": { type: "string", value: "<n>", description: "ICMP code (with --icmp-type)" },
  },
  outputs: ["text", "json"],
  positionals: { min: 0, max: 0, names: "" },
  async run({ io, style, values, output }) {
    const flow = readFlowArgs(values);
    const { engine } = await loadCluster(
      { files: listOption(values, "filename"), etcd: stringOption(values, "etcd") },
      io,
    );
    const verdict = engine.check(toFlowQuery(flow));
    if (output === "json") {
      const json = {
        flow: {
          from: peerText(flow.from),
          to: peerText(flow.to),
          protocol: flow.protocol,
          port: flow.port ?? null,
        },
        ...verdict,
      };
      io.stdout(`${JSON.stringify(json, null, 2)}\n`);
    } else {
      const source = peerText(flow.from);
      const destination = peerText(flow.to);
      const heading = flowText(source, destination, flow.protocol, flow.port);
      io.stdout(renderVerdict(verdict, heading, style, { source, destination }));
    }
    return verdict.allowed ? ExitCode.ok : ExitCode.negative;
  },
};
