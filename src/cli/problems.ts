/**
 * Errors at the command line's edge, as data: what went wrong, where (file:line:col or an
 * argument), and the exit code it maps to. Commands throw CliFailure; main prints and exits.
 */

/** Exit codes shared by every command. */
export const ExitCode = {
  /** Allowed / all expectations passed / nothing changed / no problems. */
  ok: 0,
  /** Denied / an expectation failed / verdicts changed. */
  negative: 1,
  /** Bad input: usage, files, YAML, unknown endpoint, bad selector. */
  badInput: 2,
} as const;

/** One problem with the input, rendered as `location: message`. */
export interface CliProblem {
  readonly code: string;
  readonly message: string;
  /** `file:line:col`, `file`, or an argument such as `--from`. */
  readonly location?: string;
  /** Extra lines (e.g. a caret view) printed under the message. */
  readonly detail?: string;
}

/** A failure that ends the command with exit code 2 after printing its problems. */
export class CliFailure extends Error {
  readonly problems: readonly CliProblem[];
  /** Print the command's usage line after the problems. */
  readonly showUsage: boolean;

  constructor(problems: readonly CliProblem[], options?: { readonly showUsage?: boolean }) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "CliFailure";
    this.problems = problems;
    this.showUsage = options?.showUsage === true;
  }
}

/** `location: message` (or the message alone), followed by any detail lines. */
export function formatProblem(problem: CliProblem): string {
  const head = problem.location === undefined ? problem.message : `${problem.location}: ${problem.message}`;
  return problem.detail === undefined ? head : `${head}\n${problem.detail}`;
}

/**
 * The source-and-caret lines of a peggy-style error view (`format()` of SelectorError and of
 * manifest issues), without its message and ` --> location` lines, which a CliProblem shows itself.
 */
export function caretDetail(formatted: string): string | undefined {
  const lines = formatted.split("\n");
  const arrow = lines.findIndex((line) => line.startsWith(" --> "));
  const rest = arrow === -1 ? [] : lines.slice(arrow + 1);
  return rest.length > 0 ? rest.join("\n") : undefined;
}
