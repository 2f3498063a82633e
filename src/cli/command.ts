/**
 * The shape of a subcommand: its options (node:util parseArgs specs), its help, the output
 * formats it accepts, and the function that runs it. Options every command shares live here too.
 */
import type { CliIo } from "./io.js";
import type { Style } from "./style.js";

/** One option in node:util parseArgs' format, with the text `--help` shows for it. */
export interface OptionSpec {
  readonly type: "string" | "boolean";
  readonly short?: string;
  readonly multiple?: boolean;
  readonly value?: string;
  readonly description: string;
  /** What is wrong with a value (phrased as what was expected), or undefined when it is fine. */
  readonly check?: (value: string) => string | undefined;
}

/** Parsed option values (strings, booleans, or lists for repeatable options). */
export type OptionValues = Readonly<Record<string, string | boolean | readonly string[] | undefined>>;

/** What a command's run function receives. */
export interface CommandContext {
  readonly io: CliIo;
  readonly style: Style;
  readonly values: OptionValues;
  readonly positionals: readonly string[];
  /** The -o value, already checked against the command's formats. */
  readonly output: string;
}

/** A subcommand of calico-policy. */
export interface CommandDef {
  readonly name: string;
  readonly summary: string;
  /** Arguments after the command name, e.g. `-f <file|dir>... <namespace/name>`. */
  readonly usage: string;
  /** Paragraphs shown by --help after the options. */
  readonly details?: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Accepted -o values; the first is the default. */
  readonly outputs: readonly string[];
  readonly positionals: { readonly min: number; readonly max: number; readonly names: string };
  readonly run: (context: CommandContext) => Promise<number>;
}

/** -f: manifest files or directories (repeatable). */
export const FILE_OPTION: OptionSpec = {
  type: "string",
  short: "f",
  multiple: true,
  value: "<file|dir>",
  description: "manifest file or directory (YAML/JSON, recursive); repeatable",
};

/** --etcd: read a live Calico etcd v3 datastore instead of files. */
export const ETCD_OPTION: OptionSpec = {
  type: "string",
  value: "<url>",
  description: "read the cluster from a Calico etcd v3 datastore (needs the etcd3 package)",
};

/** -n: restrict to one namespace. */
export const NAMESPACE_OPTION: OptionSpec = {
  type: "string",
  short: "n",
  value: "<namespace>",
  description: "only this namespace",
  check: (value) =>
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value) && value.length <= 63
      ? undefined
      : "a namespace name (lower-case letters, digits and '-', at most 63 characters)",
};

/** Options every command accepts. */
export const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  output: { type: "string", short: "o", value: "<format>", description: "output format" },
  "no-color": { type: "boolean", description: "no colour (also: NO_COLOR=1, or output is not a terminal)" },
  help: { type: "boolean", short: "h", description: "show this help" },
};

/** A string option's value, or undefined. */
export function stringOption(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === "string" ? v : undefined;
}

/** A repeatable option's values (empty when absent). */
export function listOption(values: OptionValues, name: string): readonly string[] {
  const v = values[name];
  if (Array.isArray(v)) return v as readonly string[];
  return typeof v === "string" ? [v] : [];
}
