/**
 * YAML text → yaml's documents, within the limits: the size cap and value count checked on the
 * text, nesting checked on the lexer's tokens as they stream into yaml's parser and on each
 * complete document before yaml's composer, which recurses once per level, sees it.
 *
 * Nesting is measured on yaml's own tokens rather than by a character scan that guesses where
 * quoted scalars and comments start and end: `[a'b, [[[` (a quote inside a plain scalar) or a
 * `"\"` escape once let such a scan lose count, and a scan that loses count lets a million
 * brackets through.
 */
import {
  Composer,
  CST,
  type Document,
  type DocumentOptions,
  Lexer,
  type LineCounter,
  type ParseOptions,
  Parser,
  type SchemaOptions,
} from "yaml";
import {
  countValues,
  type LimitProblem,
  MAX_LINE_NESTING,
  MAX_MANIFEST_LENGTH,
  MAX_NESTING_DEPTH,
} from "./limits.js";

/** yaml's options for composing documents (`uniqueKeys`, `intAsBigInt`, ...). */
export type ComposeOptions = ParseOptions & DocumentOptions & SchemaOptions;

/** Every document of the text, or the first limit it exceeds. */
export type LimitedParse =
  | { readonly ok: true; readonly documents: readonly Document.Parsed[] }
  | { readonly ok: false; readonly problem: LimitProblem };

/**
 * Parses every YAML document in `text` unless it exceeds a limit. `lineCounter` learns the line
 * starts (at least up to the problem), so any offset reported can be turned into line:col.
 */
export function parseWithinLimits(
  text: string,
  lineCounter: LineCounter,
  options: ComposeOptions = {},
): LimitedParse {
  lineCounter.addNewLine(0);
  if (text.length > MAX_MANIFEST_LENGTH) {
    return { ok: false, problem: { kind: "size", offset: 0, length: text.length } };
  }
  const tooMany = countValues(text);
  if (tooMany !== undefined) {
    for (let i = text.indexOf("\n"); i >= 0 && i < tooMany; i = text.indexOf("\n", i + 1)) {
      lineCounter.addNewLine(i + 1);
    }
    return { ok: false, problem: { kind: "values", offset: tooMany } };
  }
  const parser = new Parser(lineCounter.addNewLine);
  const composer = new Composer(options);
  const exceeds = nestingGuard();
  const documents: Document.Parsed[] = [];
  const compose = (tokens: Iterable<CST.Token>): number | undefined => {
    for (const token of tokens) {
      const deep = tooDeep(token);
      if (deep !== undefined) return deep;
      for (const document of composer.next(token)) documents.push(document);
    }
    return undefined;
  };
  for (const lexeme of new Lexer().lex(text)) {
    const at = parser.offset;
    const deep = exceeds(lexeme) ? at : compose(parser.next(lexeme));
    if (deep !== undefined) return { ok: false, problem: { kind: "nesting", offset: deep } };
  }
  const deep = compose(parser.end());
  if (deep !== undefined) return { ok: false, problem: { kind: "nesting", offset: deep } };
  for (const document of composer.end()) documents.push(document);
  return { ok: true, documents };
}

/**
 * Watches the lexer's tokens, as yaml's parser reads them, for nesting beyond the bounds: more
 * than MAX_NESTING_DEPTH open flow collections (exact: the parser opens one per `[` or `{`
 * token), or a line whose indentation plus block indicators exceeds MAX_LINE_NESTING (an upper
 * bound on the block levels the line can open).
 */
function nestingGuard(): (lexeme: string) => boolean {
  let flow = 0;
  let line = 0;
  let atLineStart = true;
  let atScalar = false;
  return (lexeme) => {
    if (atScalar) {
      // The token after a scalar marker is the scalar's source, whatever it looks like.
      atScalar = false;
      atLineStart = false;
      return false;
    }
    switch (CST.tokenType(lexeme)) {
      case "scalar":
        atScalar = true;
        return false;
      case "newline":
        line = 0;
        atLineStart = true;
        return false;
      case "space":
        if (atLineStart && flow === 0 && lexeme.startsWith(" ")) line += lexeme.length;
        return false;
      case "comment":
        return false;
      case "seq-item-ind":
      case "explicit-key-ind":
      case "map-value-ind":
        if (flow === 0) line++;
        return line > MAX_LINE_NESTING;
      case "flow-seq-start":
      case "flow-map-start":
        atLineStart = false;
        return ++flow > MAX_NESTING_DEPTH || line > MAX_LINE_NESTING;
      case "flow-seq-end":
      case "flow-map-end":
        atLineStart = false;
        if (flow > 0) flow--;
        return false;
      case "flow-error-end":
        // The lexer ends every open flow collection at an unindented line, and so does the parser.
        flow = 0;
        return false;
      default:
        atLineStart = false;
        return line > MAX_LINE_NESTING;
    }
  };
}

/**
 * The offset of the first collection nested deeper than MAX_NESTING_DEPTH in a parsed token, or
 * undefined. Counts as yaml's composer nests: a `key: value` pair inside a flow sequence becomes
 * a one-pair map, one level more.
 */
function tooDeep(token: CST.Token): number | undefined {
  let first: number | undefined;
  const work: { readonly token: CST.Token; readonly depth: number }[] = [{ token, depth: 0 }];
  for (let next = work.pop(); next !== undefined; next = work.pop()) {
    const { token: t, depth } = next;
    if (t.type === "document") {
      if (t.value !== undefined) work.push({ token: t.value, depth });
      continue;
    }
    if (!CST.isCollection(t)) continue;
    if (depth >= MAX_NESTING_DEPTH) {
      if (first === undefined || t.offset < first) first = t.offset;
      continue;
    }
    const pairsAreMaps = t.type === "flow-collection" && t.start.type === "flow-seq-start";
    for (const item of t.items) {
      const inner = depth + 1 + (pairsAreMaps && isPair(item) ? 1 : 0);
      if (item.key) work.push({ token: item.key, depth: inner });
      if (item.value) work.push({ token: item.value, depth: inner });
    }
  }
  return first;
}

function isPair(item: CST.CollectionItem): boolean {
  return (
    item.start.some((t) => t.type === "explicit-key-ind") ||
    (item.sep ?? []).some((t) => t.type === "map-value-ind")
  );
}
