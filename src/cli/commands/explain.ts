/**
 * `calico-policy explain`: what applies to one workload endpoint.
 */
import { type CommandDef, ETCD_OPTION, FILE_OPTION, listOption, stringOption } from "../command.js";
import { isProblem, parsePeer } from "../peer.js";
import { CliFailure, ExitCode } from "../problems.js";
import { renderExplanation } from "../render-explain.js";
import { loadCluster } from "../sources.js";

/** The explain command. */
export const explainCommand: CommandDef = {
  name: "explain",
  summary:
    "Show a workload's effective labels, the policies that apply to it per direction, and its profiles.",
  usage: "-f <file|dir>... <namespace/name>",
  details:
    "name is the pod name or the WorkloadEndpoint name.\n\nexit codes: 0 shown, 2 bad input (files, unknown endpoint)",
  options: { filename: FILE_OPTION, etcd: ETCD_OPTION },
  outputs: ["text", "json"],
  positionals: { min: 1, max: 1, names: "<namespace/name>" },
  async run({ io, style, values, positionals, output }) {
    const target = parsePeer(positionals[0]!, "endpoint");
    if (isProblem(target) || target.kind !== "endpoint") {
      throw new CliFailure(
        [
          {
            code: "bad-endpoint",
            location: "endpoint",
            message: `${JSON.stringify(positionals[0])}: expected namespace/name`,
          },
        ],
        { showUsage: true },
      );
    }
    const { engine } = await loadCluster(
      { files: listOption(values, "filename"), etcd: stringOption(values, "etcd") },
      io,
    );
    const explanation = engine.explain({ namespace: target.namespace, name: target.name });
    io.stdout(
      output === "json" ? `${JSON.stringify(explanation, null, 2)}\n` : renderExplanation(explanation, style),
    );
    return ExitCode.ok;
  },
};
