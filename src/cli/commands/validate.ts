/**
 * `calico-policy validate`: every problem in the manifests (YAML, schema, Calico's validation
 * rules), each with file:line:col, before anything is applied.
 */
import { ApplyError, PolicyEngine } from "../../index.js";
import { type CommandDef, ETCD_OPTION, FILE_OPTION, listOption, stringOption } from "../command.js";
import { type CliProblem, ExitCode, formatProblem } from "../problems.js";
import { applyProblems, loadResources, shownEndpoint } from "../sources.js";

/** The validate command. */
export const validateCommand: CommandDef = {
  name: "validate",
  summary: "Check manifests without evaluating anything; print every problem with file:line:col.",
  usage: "-f <file|dir>...",
  details: "exit codes: 0 no problems, 2 problems found (or bad arguments)",
  options: { filename: FILE_OPTION, etcd: ETCD_OPTION },
  outputs: ["text", "json"],
  positionals: { min: 0, max: 0, names: "" },
  async run({ io, style, values, output }) {
    const etcd = stringOption(values, "etcd");
    const loaded = await loadResources({ files: listOption(values, "filename"), etcd, env: io.env });
    // Values a datastore holds that fail validation are problems here (other commands skip them).
    const problems: CliProblem[] = [...loaded.problems, ...loaded.skipped];
    // Resources that parsed are still checked against Calico's rules, so one run reports both kinds.
    try {
      new PolicyEngine().apply(loaded.resources);
    } catch (error) {
      if (!(error instanceof ApplyError)) throw error;
      for (const item of applyProblems(error, loaded)) problems.push(item);
    }
    if (output === "json") {
      const json = {
        valid: problems.length === 0,
        files: loaded.files,
        resources: loaded.resources.length,
        problems: problems.map((p) => ({ code: p.code, location: p.location ?? null, message: p.message })),
        warnings: loaded.warnings.map((p) => ({
          code: p.code,
          location: p.location ?? null,
          message: p.message,
        })),
      };
      io.stdout(`${JSON.stringify(json, null, 2)}\n`);
    } else {
      for (const warning of loaded.warnings)
        io.stdout(`${style.yellow("warning:")} ${formatProblem(warning)}\n`);
      for (const problem of problems) io.stdout(`${style.red("error:")} ${formatProblem(problem)}\n`);
      const files = count(loaded.files.length, "file");
      const resources = count(loaded.resources.length, "resource");
      const where =
        loaded.files.length > 0 || etcd === undefined ? ` in ${count(problemFiles(problems), "file")}` : "";
      const from = etcd === undefined ? files : shownEndpoint(etcd);
      const read = etcd === undefined ? `${files}, ${resources}` : `${resources} from ${from}`;
      io.stdout(
        problems.length === 0
          ? `${style.green("valid:")} ${read}, no problems\n`
          : `${style.red(count(problems.length, "problem"))}${where} (${resources} read from ${from})\n`,
      );
    }
    return problems.length === 0 ? ExitCode.ok : ExitCode.badInput;
  },
};

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/**
 * How many files the problems are in: a problem's location is `file:line:col` or `file` (a file
 * that could not be read, or an apply problem located by the file its resource came from).
 */
function problemFiles(problems: readonly CliProblem[]): number {
  const files = new Set<string>();
  for (const problem of problems) {
    if (problem.location !== undefined) files.add(problem.location.replace(/:\d+:\d+$/, ""));
  }
  return files.size;
}
