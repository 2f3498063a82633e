/**
 * Selector problems as data, and the one error class thrown at the selector boundary.
 */

/** What went wrong, by class (mirrors Calico's parser and tokenizer errors). */
export type SelectorErrorCode =
  | "expected-string"
  | "expected-set"
  | "expected-operator"
  | "expected-label"
  | "unexpected-token"
  | "unexpected-end"
  | "unterminated-string"
  | "label-too-long"
  | "too-deep"
  | "invalid-input"
  | "invalid-node";

/** One selector problem: its class, a full sentence, where it is, what was expected and what was found. */
export interface SelectorProblem {
  readonly code: SelectorErrorCode;
  readonly message: string;
  /** Offset into the original text, in UTF-16 code units (a JavaScript string index). */
  readonly offset: number;
  readonly expected: readonly string[];
  /** The offending text, or null at the end of the input. */
  readonly found: string | null;
}

/** Thrown by `parseSelector` and friends; `format()` renders the source with a caret under the offset. */
export class SelectorError extends Error {
  override readonly name = "SelectorError";
  readonly code: SelectorErrorCode;
  readonly offset: number;
  readonly expected: readonly string[];
  readonly found: string | null;
  /** The selector text the offset points into. */
  readonly source: string;

  constructor(problem: SelectorProblem, source: string) {
    super(problem.message);
    this.code = problem.code;
    this.offset = problem.offset;
    this.expected = problem.expected;
    this.found = problem.found;
    this.source = source;
  }

  /** The problem as a plain readonly record. */
  toProblem(): SelectorProblem {
    return {
      code: this.code,
      message: this.message,
      offset: this.offset,
      expected: this.expected,
      found: this.found,
    };
  }

  /** Peggy-style caret view: the message, `--> selector:line:col`, the source line and a caret. */
  format(name = "selector"): string {
    const { line, column, lineText } = locate(this.source, this.offset);
    const gutter = " ".repeat(String(line).length);
    // Long lines (a 1 MB selector) are windowed around the caret so the output stays readable.
    const start = Math.max(0, column - 1 - 60);
    const shown = lineText.slice(start, column - 1 + 60);
    const prefix = start > 0 ? "..." : "";
    return [
      `error: ${this.message}`,
      `${gutter}--> ${name}:${line}:${column}`,
      `${gutter} |`,
      `${line} | ${prefix}${shown}`,
      `${gutter} | ${" ".repeat(prefix.length + column - 1 - start)}^`,
    ].join("\n");
  }
}

function locate(text: string, offset: number): { line: number; column: number; lineText: string } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  let lineEnd = text.indexOf("\n", lineStart);
  if (lineEnd < 0) lineEnd = text.length;
  return { line, column: offset - lineStart + 1, lineText: text.slice(lineStart, lineEnd) };
}

/** Internal: carries a problem out of the generated parser's actions to `parse.ts`. */
export class SelectorAbort extends Error {
  constructor(readonly problem: SelectorProblem) {
    super(problem.message);
  }
}
