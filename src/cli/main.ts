/**
 * calico-policy: parse the command line, run a subcommand, print problems, return the exit code.
 * Exit codes: 0 allowed / passed / unchanged / valid; 1 denied / failed / changed; 2 bad input;
 * 3 internal error (a bug: please report it).
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { FlowQueryError } from "../index.js";
import { type CommandDef, GLOBAL_OPTIONS, type OptionSpec } from "./command.js";
import { checkCommand } from "./commands/check.js";
import { diffCommand } from "./commands/diff.js";
import { explainCommand } from "./commands/explain.js";
import { getCommand } from "./commands/get.js";
import { matrixCommand } from "./commands/matrix.js";
import { selectCommand } from "./commands/select.js";
import { testCommand } from "./commands/test.js";
import { validateCommand } from "./commands/validate.js";
import type { CliIo } from "./io.js";
import { CliFailure, type CliProblem, ExitCode, formatProblem } from "./problems.js";
import { colorEnabled, createStyle, type Style } from "./style.js";

const PROGRAM = "calico-policy";

/** Every subcommand, in the order --help lists them. */
export const COMMANDS: readonly CommandDef[] = [
  checkCommand,
  explainCommand,
  selectCommand,
  getCommand,
  validateCommand,
  testCommand,
  matrixCommand,
  diffCommand,
];

/** Exit code for a bug in calico-policy itself (never for bad input). */
export const INTERNAL_ERROR = 3;

/** Runs the command line `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const noColorFlag = argv.includes("--no-color");
  const errStyle = createStyle(colorEnabled({ noColorFlag, env: io.env, isTTY: io.stderrIsTTY }));
  const outStyle = createStyle(colorEnabled({ noColorFlag, env: io.env, isTTY: io.stdoutIsTTY }));
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr(overallHelp());
    return ExitCode.badInput;
  }
  if (first === "--help" || first === "-h") {
    io.stdout(overallHelp());
    return ExitCode.ok;
  }
  if (first === "--version") {
    io.stdout(`${PROGRAM} ${packageVersion()}\n`);
    return ExitCode.ok;
  }
  if (first === "help") {
    const target = rest[0] === undefined ? undefined : findCommand(rest[0]);
    if (rest[0] !== undefined && target === undefined) return unknownCommand(rest[0], io, errStyle);
    io.stdout(target === undefined ? overallHelp() : commandHelp(target));
    return ExitCode.ok;
  }
  const command = findCommand(first);
  if (command === undefined) return unknownCommand(first, io, errStyle);

  try {
    const options = { ...GLOBAL_OPTIONS, ...command.options };
    const parsed = parseCommandLine(command, options, rest);
    if (parsed.values.help === true) {
      io.stdout(commandHelp(command));
      return ExitCode.ok;
    }
    const output = typeof parsed.values.output === "string" ? parsed.values.output : command.outputs[0]!;
    if (!command.outputs.includes(output)) {
      throw new CliFailure(
        [
          {
            code: "usage",
            location: "-o",
            message: `unknown output format ${JSON.stringify(output)}: expected ${command.outputs.join(", ")}`,
          },
        ],
        { showUsage: true },
      );
    }
    const { min, max } = command.positionals;
    if (parsed.positionals.length < min) {
      throw new CliFailure([{ code: "usage", message: `missing argument: ${command.positionals.names}` }], {
        showUsage: true,
      });
    }
    if (parsed.positionals.length > max) {
      throw new CliFailure(
        [{ code: "usage", message: `unexpected argument ${JSON.stringify(parsed.positionals[max])}` }],
        { showUsage: true },
      );
    }
    return await command.run({
      io,
      style: outStyle,
      values: parsed.values,
      positionals: parsed.positionals,
      output,
    });
  } catch (error) {
    if (error instanceof CliFailure) {
      printProblems(error.problems, io, errStyle);
      if (error.showUsage)
        io.stderr(
          `usage: ${PROGRAM} ${command.name} ${command.usage}\nRun '${PROGRAM} ${command.name} --help' for details.\n`,
        );
      return ExitCode.badInput;
    }
    if (error instanceof FlowQueryError) {
      printProblems(
        [{ code: error.code, location: flagOfField(error.field), message: error.message }],
        io,
        errStyle,
      );
      return ExitCode.badInput;
    }
    io.stderr(
      `${errStyle.red("internal error:")} ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return INTERNAL_ERROR;
  }
}

function parseCommandLine(
  command: CommandDef,
  options: Readonly<Record<string, OptionSpec>>,
  args: readonly string[],
): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  const config: Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(options)) {
    config[name] = {
      type: spec.type,
      ...(spec.short === undefined ? {} : { short: spec.short }),
      ...(spec.multiple === true ? { multiple: true } : {}),
    };
  }
  let parsed: ReturnType<typeof parseStrict>;
  try {
    parsed = parseStrict(args, config);
  } catch (error) {
    // parseArgs' messages name the option; drop its advice about `--` which does not apply here.
    const message =
      error instanceof Error ? error.message.replace(/\. To specify a positional.*$/s, "") : String(error);
    throw new CliFailure([{ code: "usage", message: `${command.name}: ${message}` }], { showUsage: true });
  }
  // parseArgs keeps the last of a repeated option; a second --port is more likely a mistake.
  const given = new Map<string, string>();
  for (const token of parsed.tokens) {
    if (token.kind !== "option" || config[token.name]?.type !== "string" || config[token.name]?.multiple)
      continue;
    const earlier = given.get(token.name);
    if (earlier !== undefined) {
      throw new CliFailure(
        [
          {
            code: "usage",
            message: `${command.name}: option ${token.rawName} is given twice (${JSON.stringify(earlier)} and ${JSON.stringify(token.value ?? "")}): give it once`,
          },
        ],
        { showUsage: true },
      );
    }
    given.set(token.name, token.value ?? "");
    const expected = options[token.name]?.check?.(token.value ?? "");
    if (expected !== undefined) {
      throw new CliFailure([
        {
          code: "usage",
          location: token.rawName,
          message: `${JSON.stringify(token.value ?? "")}: expected ${expected}`,
        },
      ]);
    }
  }
  return {
    values: parsed.values as Record<string, string | boolean | string[] | undefined>,
    positionals: parsed.positionals,
  };
}

function parseStrict(
  args: readonly string[],
  options: Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }>,
) {
  return parseArgs({ args: [...args], options, strict: true, allowPositionals: true, tokens: true });
}

/** The command-line flag a FlowQuery field came from. */
function flagOfField(field: string): string {
  if (field.startsWith("source")) return "--from";
  if (field === "destination.port") return "--port";
  if (field.startsWith("destination")) return "--to";
  if (field.startsWith("protocol")) return "--protocol";
  return field;
}

/** Prints each problem on stderr as `error: location: message`. */
export function printProblems(problems: readonly CliProblem[], io: CliIo, style: Style): void {
  for (const problem of problems) io.stderr(`${style.red("error:")} ${formatProblem(problem)}\n`);
}

function findCommand(name: string): CommandDef | undefined {
  return COMMANDS.find((c) => c.name === name);
}

function unknownCommand(name: string, io: CliIo, style: Style): number {
  io.stderr(
    `${style.red("error:")} unknown command ${JSON.stringify(name)}; commands: ${COMMANDS.map((c) => c.name).join(", ")}\n`,
  );
  io.stderr(`Run '${PROGRAM} --help' for usage.\n`);
  return ExitCode.badInput;
}

// src/cli/main.ts and dist/cli/main.js both sit two levels below package.json.
function packageVersion(): string {
  const json = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version?: unknown;
  };
  return typeof json.version === "string" ? json.version : "unknown";
}

/** The top-level help text. */
export function overallHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = [
    `${PROGRAM}: evaluate Calico network policy offline, as Calico's dataplane does.`,
    "",
    `usage: ${PROGRAM} <command> [options]   (${PROGRAM} --version, ${PROGRAM} help <command>)`,
    "",
    "commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}   ${c.summary}`),
    "",
    "The cluster is read from manifests (-f <file|dir>, repeatable) or a Calico etcd datastore (--etcd <url>).",
    "Every command takes -o <format>, --no-color and --help.",
    "",
    "exit codes: 0 allowed / passed / unchanged / valid   1 denied / failed / changed   2 bad input   3 internal error",
    "",
  ];
  return lines.join("\n");
}

/** One command's help: usage, summary, options and details. */
export function commandHelp(command: CommandDef): string {
  const options = { ...command.options, ...GLOBAL_OPTIONS };
  const rows = Object.entries(options).map(([name, spec]) => {
    const flag = `${spec.short === undefined ? "    " : `-${spec.short}, `}--${name}${spec.value === undefined ? "" : ` ${spec.value}`}`;
    const description =
      name === "output"
        ? `${spec.description}: ${command.outputs.join(" | ")} (default ${command.outputs[0]})`
        : spec.description;
    return [flag, description] as const;
  });
  const width = Math.max(...rows.map(([flag]) => flag.length));
  const lines = [
    `usage: ${PROGRAM} ${command.name} ${command.usage}`,
    "",
    command.summary,
    "",
    "options:",
    ...rows.map(([flag, description]) => `  ${flag.padEnd(width)}   ${description}`),
    "",
  ];
  if (command.details !== undefined) lines.push(command.details.trimEnd(), "");
  return lines.join("\n");
}
