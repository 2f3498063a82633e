/**
 * The command's window on the world: output streams, terminal detection and environment. bin.ts
 * wires it to the process; tests give it buffers, so every command runs in-process as well.
 * Paths on the command line are relative to the process's working directory.
 */

/** Where a command writes, what kind of terminal it writes to, and the environment it sees. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  /** Terminal width for the progress bar; undefined when unknown. */
  readonly stderrColumns?: number;
  readonly env: (name: string) => string | undefined;
  /** Milliseconds, for timings in summaries. */
  readonly now: () => number;
}

/** The process's own streams and environment. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    stderrColumns: process.stderr.columns,
    env: (name) => process.env[name],
    now: () => performance.now(),
  };
}

/** An in-memory CliIo whose output is collected, for tests and for embedding the CLI. */
export function bufferIo(options: {
  readonly env?: Readonly<Record<string, string>>;
  readonly tty?: boolean;
}): CliIo & { readonly out: () => string; readonly err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  const env = new Map(Object.entries(options.env ?? {}));
  return {
    stdout: (text) => {
      out.push(text);
    },
    stderr: (text) => {
      err.push(text);
    },
    stdoutIsTTY: options.tty === true,
    stderrIsTTY: options.tty === true,
    stderrColumns: 80,
    env: (name) => env.get(name),
    now: () => performance.now(),
    out: () => out.join(""),
    err: () => err.join(""),
  };
}
