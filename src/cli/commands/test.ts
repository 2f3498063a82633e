/**
 * `calico-policy test`: check a file of expected flow verdicts against the cluster, for CI.
 */
import { writeFileSync } from "node:fs";
import { type CommandDef, ETCD_OPTION, FILE_OPTION, listOption, stringOption } from "../command.js";
import { formatDecidedBySpec } from "../decided-by.js";
import { readExpectationsFile } from "../expectations.js";
import { renderJUnit } from "../junit.js";
import { CliFailure, ExitCode } from "../problems.js";
import { type ExpectationResult, runExpectation } from "../run-expectations.js";
import { loadCluster } from "../sources.js";

/** The test command. */
export const testCommand: CommandDef = {
  name: "test",
  summary: "Check expected flow verdicts (a YAML file) against the cluster; pass/fail per flow, for CI.",
  usage: "-f <file|dir>... <expectations.yaml> [--junit <file>]",
  details: `The expectations file lists flows with the verdict they should get:

  flows:
    - name: web calls the api               # optional
      from: frontend/web-1                  # namespace/name or an IP address
      to: backend/api-1
      port: 8000                            # TCP/UDP/SCTP only
      protocol: TCP                         # default TCP
      expect: allow                         # allow | deny
      decidedBy: default/backend/allow-api#0   # optional

decidedBy: "tier/policy" or "tier/namespace/policy" (optionally "#rule", 0-based), "profile:name[#rule]",
"end-of-tier:tier" or "no-match"; it names the direction that denied a denied flow (egress first) and
the destination's ingress for an allowed one (the egress when the destination is outside the cluster).

exit codes: 0 every flow as expected, 1 any flow not as expected, 2 bad input`,
  options: {
    filename: FILE_OPTION,
    etcd: ETCD_OPTION,
    junit: { type: "string", value: "<file>", description: "also write a JUnit XML report to this file" },
  },
  outputs: ["text", "json"],
  positionals: { min: 1, max: 1, names: "<expectations.yaml>" },
  async run({ io, style, values, positionals, output }) {
    const file = positionals[0]!;
    const flows = readExpectationsFile(file);
    const sources = listOption(values, "filename");
    const { engine } = await loadCluster({ files: sources, etcd: stringOption(values, "etcd") }, io);

    const started = io.now();
    const results = flows.map((flow) => runExpectation(engine, flow, io.now));
    const seconds = (io.now() - started) / 1000;
    const failed = results.filter((r) => !r.passed).length;
    const passed = results.length - failed;

    const junit = stringOption(values, "junit");
    if (junit !== undefined) {
      const xml = renderJUnit(
        `calico-policy test ${file}`,
        results.map((r) => ({
          name: r.expectation.name ?? r.flow,
          classname: file,
          seconds: r.seconds,
          ...(r.failure === undefined
            ? {}
            : {
                failure: {
                  message: r.failure,
                  detail: `${r.flow}\n${r.failure}\nat ${r.expectation.location}`,
                },
              }),
        })),
        seconds,
      );
      try {
        writeFileSync(junit, xml);
      } catch (error) {
        throw new CliFailure([
          { code: "write-failed", location: "--junit", message: `cannot write ${junit}: ${String(error)}` },
        ]);
      }
    }

    if (output === "json") {
      io.stdout(
        `${JSON.stringify({ passed, failed, total: results.length, results: results.map(resultJson) }, null, 2)}\n`,
      );
    } else {
      const source = sources.length > 0 ? sources.join(", ") : (stringOption(values, "etcd") ?? "");
      io.stdout(`${style.bold(`${results.length} flows`)} from ${file} against ${source}\n\n`);
      for (const r of results) {
        const mark = r.passed ? style.green("PASS") : style.red("FAIL");
        io.stdout(`${mark}  ${r.expectation.name ?? r.flow}\n`);
        io.stdout(`      ${style.dim(`${r.flow}: ${r.actual}`)}\n`);
        if (r.failure !== undefined)
          io.stdout(`      ${style.red(r.failure)}\n      ${style.dim(`at ${r.expectation.location}`)}\n`);
      }
      const summary = `${passed} passed, ${failed} failed (${results.length} flows) in ${formatMs(seconds)}`;
      io.stdout(`\n${failed === 0 ? style.green(summary) : style.red(summary)}\n`);
      if (junit !== undefined) io.stdout(`${style.dim(`JUnit report: ${junit}`)}\n`);
    }
    return failed === 0 ? ExitCode.ok : ExitCode.negative;
  },
};

function formatMs(seconds: number): string {
  const ms = seconds * 1000;
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

function resultJson(r: ExpectationResult): unknown {
  return {
    name: r.expectation.name ?? null,
    location: r.expectation.location,
    flow: r.flow,
    expect: r.expectation.expect,
    decidedBy: r.expectation.decidedBy === undefined ? null : formatDecidedBySpec(r.expectation.decidedBy),
    actual: r.actual,
    passed: r.passed,
    failure: r.failure ?? null,
  };
}
