/**
 * Text → AST: the generated peggy parser, a nesting guard, and peggy errors mapped to Calico-style
 * problems with offsets into the original text.
 */
import {
  type Expectation,
  SyntaxError as PeggySyntaxError,
  parse as peggyParse,
} from "../generated/selector-parser.js";
import { builders } from "./build.js";
import { SelectorAbort, type SelectorErrorCode, type SelectorProblem } from "./errors.js";
import { isLabelChar, MAX_NESTING_DEPTH } from "./limits.js";
import type { SelectorNode } from "./types.js";

/** The outcome of parsing text to an AST: the tree, or the first problem found. */
export type ParseNodeResult =
  | { readonly ok: true; readonly node: SelectorNode }
  | { readonly ok: false; readonly problem: SelectorProblem };

const parseOptions = { build: builders };

/** Parses selector text to a normalised AST (no canonical string, hash or caching). */
export function parseSelectorNode(text: string): ParseNodeResult {
  if (typeof text !== "string") {
    return fail(
      "invalid-input",
      `selector must be a string, got ${describeType(text)}`,
      0,
      ["a string"],
      null,
    );
  }
  const tooDeep = checkNesting(text);
  if (tooDeep !== undefined) return { ok: false, problem: tooDeep };
  try {
    return { ok: true, node: peggyParse(text, parseOptions) };
  } catch (e) {
    if (e instanceof SelectorAbort) return { ok: false, problem: e.problem };
    if (e instanceof PeggySyntaxError) return { ok: false, problem: fromPeggy(e, text) };
    throw e;
  }
}

function describeType(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "an array" : typeof v;
}

function fail(
  code: SelectorErrorCode,
  message: string,
  offset: number,
  expected: readonly string[],
  found: string | null,
): ParseNodeResult {
  return { ok: false, problem: { code, message, offset, expected, found } };
}

// Parenthesis depth guard, run before the recursive-descent parser so hostile input such as
// 100,000 `(` gets a clear error instead of a stack overflow. Parentheses inside string literals
// do not count, nor do the call parentheses of `has(`, `all(` and `global(`.
function checkNesting(text: string): SelectorProblem | undefined {
  let depth = 0;
  let inCall = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 39) {
      const close = text.indexOf(c === 34 ? '"' : "'", i + 1);
      if (close < 0) return undefined;
      i = close;
    } else if (c === 40) {
      if (endsWithCall(text, i)) inCall = true;
      else if (++depth > MAX_NESTING_DEPTH) {
        return {
          code: "too-deep",
          message: `selector nested too deeply at offset ${i}: more than ${MAX_NESTING_DEPTH} levels of parentheses`,
          offset: i,
          expected: [`at most ${MAX_NESTING_DEPTH} levels of nesting`],
          found: "(",
        };
      }
    } else if (c === 41) {
      if (inCall) inCall = false;
      else if (depth > 0) depth--;
    }
  }
  return undefined;
}

function endsWithCall(text: string, paren: number): boolean {
  for (const word of ["has", "all", "global"]) {
    const start = paren - word.length;
    if (
      start >= 0 &&
      text.startsWith(word, start) &&
      (start === 0 || !isLabelChar(text.charCodeAt(start - 1)))
    ) {
      return true;
    }
  }
  return false;
}

function describeExpectation(e: Expectation): string | undefined {
  switch (e.type) {
    case "literal":
      return JSON.stringify(e.text);
    case "other":
      return e.description;
    case "end":
      return "end of selector";
    // Only the space/tab class and `.` can surface here; they add nothing a reader needs.
    case "class":
    case "any":
      return undefined;
    default:
      return assertNever(e);
  }
}

function fromPeggy(e: PeggySyntaxError, text: string): SelectorProblem {
  const offset = e.location.start.offset;
  const expected = [...new Set(e.expected.map(describeExpectation).filter((d) => d !== undefined))];
  const foundToken = tokenAt(text, offset);
  const found = foundToken === null ? "end of input" : show(foundToken);
  const previous = tokenBefore(text, offset);
  const after = previous === null ? "" : ` after ${show(previous)}`;
  const at = `at offset ${offset}, found ${found}`;
  if (expected.includes("string literal")) {
    return problem("expected-string", `expected string literal${after} ${at}`);
  }
  if (expected.includes("set literal")) {
    return problem("expected-set", `expected set literal such as {"a", "b"}${after} ${at}`);
  }
  if (expected.includes("operator")) {
    return problem(
      "expected-operator",
      `expected operator (==, !=, contains, starts with, ends with, in, not in)${after} ${at}`,
    );
  }
  if (expected.includes("label") && !expected.includes('"has("')) {
    return problem("expected-label", `expected label${after} ${at}`);
  }
  const what = expected.includes('"has("')
    ? 'a selector expression (label comparison, has(label), all(), global(), "!" or "(")'
    : joinOr(expected);
  return problem(
    foundToken === null ? "unexpected-end" : "unexpected-token",
    `expected ${what}${after} ${at}`,
  );

  function problem(code: SelectorErrorCode, message: string): SelectorProblem {
    return { code, message, offset, expected, found: foundToken };
  }
}

function joinOr(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "nothing";
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

const MAX_SHOWN = 40;

// String literals are shown as written (they carry their quotes); anything else in double quotes.
function show(token: string): string {
  const clipped = token.length > MAX_SHOWN ? `${token.slice(0, MAX_SHOWN)}...` : token;
  const c = token.charCodeAt(0);
  return c === 34 || c === 39 ? clipped : JSON.stringify(clipped);
}

const TWO_CHAR = new Set(["==", "!=", "&&", "||"]);

/** The token starting at `offset` (label run, string literal, operator or one character), or null at the end. */
function tokenAt(text: string, offset: number): string | null {
  if (offset >= text.length) return null;
  const c = text.charCodeAt(offset);
  if (c === 34 || c === 39) {
    const close = text.indexOf(text[offset]!, offset + 1);
    return text.slice(offset, close < 0 ? Math.min(text.length, offset + MAX_SHOWN + 1) : close + 1);
  }
  if (isLabelChar(c)) {
    let end = offset;
    while (end < text.length && end - offset <= MAX_SHOWN && isLabelChar(text.charCodeAt(end))) end++;
    return text.slice(offset, end);
  }
  const two = text.slice(offset, offset + 2);
  if (TWO_CHAR.has(two)) return two;
  return String.fromCodePoint(text.codePointAt(offset)!);
}

/** The token ending just before `offset` (skipping spaces and tabs), or null at the start. */
function tokenBefore(text: string, offset: number): string | null {
  let end = Math.min(offset, text.length);
  while (end > 0 && (text[end - 1] === " " || text[end - 1] === "\t")) end--;
  if (end === 0) return null;
  const c = text.charCodeAt(end - 1);
  if (c === 34 || c === 39) {
    const open = text.lastIndexOf(text[end - 1]!, end - 2);
    if (open >= 0) return text.slice(open, end);
  }
  if (isLabelChar(c)) {
    let start = end;
    while (start > 0 && end - start <= MAX_SHOWN && isLabelChar(text.charCodeAt(start - 1))) start--;
    return text.slice(start, end);
  }
  const two = text.slice(Math.max(0, end - 2), end);
  if (TWO_CHAR.has(two)) return two;
  return text[end - 1]!;
}

function assertNever(e: never): never {
  throw new Error(`unknown peggy expectation ${JSON.stringify(e)}`);
}
