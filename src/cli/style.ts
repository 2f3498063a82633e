/**
 * Colour for people, plain text for programs: ANSI styling that is on only for a terminal, and
 * off with --no-color or the NO_COLOR convention (https://no-color.org). FORCE_COLOR turns it on
 * for a non-terminal (CI logs that render ANSI).
 */

/** Text decorators; each returns its input unchanged when colour is off. */
export interface Style {
  readonly enabled: boolean;
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly red: (text: string) => string;
  readonly green: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly cyan: (text: string) => string;
}

/** Whether to colour: --no-color and a non-empty NO_COLOR win, then FORCE_COLOR, then the terminal. */
export function colorEnabled(options: {
  readonly noColorFlag: boolean;
  readonly env: (name: string) => string | undefined;
  readonly isTTY: boolean;
}): boolean {
  if (options.noColorFlag) return false;
  const noColor = options.env("NO_COLOR");
  if (noColor !== undefined && noColor !== "") return false;
  const force = options.env("FORCE_COLOR");
  if (force !== undefined && force !== "" && force !== "0" && force !== "false") return true;
  if (options.env("TERM") === "dumb") return false;
  return options.isTTY;
}

const plain = (text: string): string => text;

function sgr(open: number, close: number): (text: string) => string {
  return (text) => `\u001b[${open}m${text}\u001b[${close}m`;
}

/** A Style that colours when `enabled`, and is the identity otherwise. */
export function createStyle(enabled: boolean): Style {
  if (!enabled) {
    return { enabled, bold: plain, dim: plain, red: plain, green: plain, yellow: plain, cyan: plain };
  }
  return {
    enabled,
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    cyan: sgr(36, 39),
  };
}

/** Removes ANSI SGR sequences, to measure or compare what a person sees. */
export function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;]*m/g, "");
}
