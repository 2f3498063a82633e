/**
 * YAML (and JSON, which YAML 1.2 reads) text → plain values, one per document, with problems
 * located by line and column: parse errors, duplicate keys, excessive nesting, unknown or
 * recursive aliases and alias bombs.
 */
import {
  type Alias,
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  visit,
  type YAMLMap,
} from "yaml";
import { resolveAliases } from "./aliases.js";
import { describeLimitProblem, MAX_ALIAS_COUNT, MAX_NESTING_DEPTH } from "./limits.js";
import { parseWithinLimits } from "./parse-within-limits.js";

/** A problem found in the text, before any resource validation; offsets are 0-based. */
export interface TextIssue {
  readonly code: string;
  readonly message: string;
  readonly offset: number;
  readonly length: number;
  readonly path: readonly (string | number)[];
  readonly value?: unknown;
}

/** One parsed document: its value (undefined if empty), its AST for locating paths, its problems. */
export interface ParsedDocument {
  readonly value: unknown;
  readonly doc: Document.Parsed;
  readonly errors: readonly TextIssue[];
  readonly warnings: readonly TextIssue[];
}

/** The whole text: documents and the line counter that maps offsets to lines and columns. */
export interface ParsedText {
  readonly documents: readonly ParsedDocument[];
  readonly lineCounter: LineCounter;
  /** Problems that stop the text from being parsed at all (size, nesting). */
  readonly fatal: readonly TextIssue[];
}

/** Parses every document in the text, collecting problems instead of throwing. */
export function parseYamlDocuments(text: string): ParsedText {
  const lineCounter = new LineCounter();
  // `merge`: `<<: *defaults` as Go's YAML readers (kubectl, calicoctl) read it.
  const parsed = parseWithinLimits(text, lineCounter, { uniqueKeys: false, intAsBigInt: true, merge: true });
  if (!parsed.ok) {
    const { code, message } = describeLimitProblem(parsed.problem);
    const fatal = { code, message, offset: parsed.problem.offset, length: 1, path: [] };
    return { documents: [], lineCounter, fatal: [fatal] };
  }
  return { documents: parsed.documents.map(toParsedDocument), lineCounter, fatal: [] };
}

function nestingIssue(offset: number, path: readonly (string | number)[]): TextIssue {
  return { ...describeLimitProblem({ kind: "nesting", offset }), offset, length: 1, path };
}

function toParsedDocument(doc: Document.Parsed): ParsedDocument {
  const errors: TextIssue[] = doc.errors.map((e) => ({
    code: `yaml-${e.code.toLowerCase().replaceAll("_", "-")}`,
    message: firstLine(e.message),
    offset: e.pos[0],
    length: Math.max(1, e.pos[1] - e.pos[0]),
    path: [],
  }));
  const warnings: TextIssue[] = doc.warnings.map((w) => ({
    code: `yaml-${w.code.toLowerCase().replaceAll("_", "-")}`,
    message: firstLine(w.message),
    offset: w.pos[0],
    length: Math.max(1, w.pos[1] - w.pos[0]),
    path: [],
  }));
  if (errors.length > 0) return { value: undefined, doc, errors, warnings };
  // Aliases resolved once, in one walk: yaml's own Alias.resolve walks the document per call.
  const aliases = resolveAliases(doc);
  checkStructure(doc, errors, warnings, aliases.targets);
  for (const problem of aliases.problems) errors.push({ ...problem, path: [] });
  if (errors.length > 0) return { value: undefined, doc, errors, warnings };
  let value: unknown;
  try {
    value = normaliseNumbers(doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }));
  } catch (error) {
    const text = (error instanceof Error ? error.message : String(error)).replace(/\.$/, "");
    const bomb = /alias/i.test(text);
    // An alias bomb is shown where expansion multiplies; anything else yaml refuses, at the document.
    const at = (bomb ? amplifyingAlias(aliases.targets) : undefined) ?? doc.contents;
    errors.push({
      code: bomb ? "alias-expansion-too-large" : "invalid-yaml",
      message: bomb
        ? `aliases expand too much (${text}): at most ${MAX_ALIAS_COUNT} alias expansions are accepted`
        : text,
      offset: at?.range?.[0] ?? 0,
      length: Math.max(1, (at?.range?.[1] ?? 1) - (at?.range?.[0] ?? 0)),
      path: [],
    });
  }
  return { value, doc, errors, warnings };
}

/**
 * Where an alias bomb starts: the first alias whose target holds aliases itself (expansion
 * multiplies from there), else the first alias.
 */
function amplifyingAlias(targets: ReadonlyMap<Alias, Node>): Node | undefined {
  const holdsAliases = new Map<Node, boolean>();
  let first: Node | undefined;
  for (const [alias, target] of targets) {
    first ??= alias;
    let holds = holdsAliases.get(target);
    if (holds === undefined) {
      holds = false;
      visit(target, {
        Alias() {
          holds = true;
          return visit.BREAK;
        },
      });
      holdsAliases.set(target, holds);
    }
    if (holds) return alias;
  }
  return first;
}

function firstLine(message: string): string {
  const line = message.split("\n")[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, "");
}

/**
 * Walks the AST without following aliases: depth limit and duplicate keys. A key repeated with
 * the same value is a warning (the documented WorkloadEndpoint sample repeats `endpoint: eth0`
 * and Calico's tools read it); with a different value it is an error.
 */
function checkStructure(
  doc: Document.Parsed,
  errors: TextIssue[],
  warnings: TextIssue[],
  targets: ReadonlyMap<Alias, Node>,
): void {
  const stack: { node: unknown; depth: number; path: readonly (string | number)[] }[] = [
    { node: doc.contents, depth: 0, path: [] },
  ];
  while (stack.length > 0) {
    const { node, depth, path } = stack.pop()!;
    if (isMap(node) || isSeq(node)) {
      if (depth >= MAX_NESTING_DEPTH) {
        errors.push(nestingIssue(node.range?.[0] ?? 0, path));
        continue;
      }
    }
    if (isMap(node)) {
      const seen = new Map<string, Node | null>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        // With `merge` on, yaml gives a `<<` key the value Symbol("<<").
        const key = isScalar(pair.key)
          ? typeof pair.key.value === "symbol"
            ? (pair.key.value.description ?? "")
            : String(pair.key.value)
          : undefined;
        const keyNode = pair.key as Node | null;
        const keyOffset = keyNode?.range?.[0] ?? node.range?.[0] ?? 0;
        const keyLength = Math.max(1, (keyNode?.range?.[1] ?? keyOffset + 1) - keyOffset);
        if (key === undefined) {
          errors.push({
            code: "complex-key",
            message: "mapping keys must be plain strings, not lists or mappings",
            offset: keyOffset,
            length: keyLength,
            path,
          });
          continue;
        }
        if (isScalar(pair.key) && typeof pair.key.value === "symbol") {
          const bad = badMergeSource(targets, pair.value as Node | null);
          if (bad !== undefined) {
            const offset = bad?.range?.[0] ?? keyOffset;
            errors.push({
              code: "invalid-merge",
              message: "a << merge key takes a mapping, an alias of one, or a list of them",
              offset,
              length: Math.max(1, (bad?.range?.[1] ?? offset + 1) - offset),
              path: [...path, key],
            });
            continue;
          }
          const overridden = keyOverriddenByMerge(targets, pair.value as Node | null, seen);
          if (overridden !== undefined) {
            errors.push({
              code: "ambiguous-merge",
              message: `this << merge comes after key ${JSON.stringify(overridden)}, which it also sets: Go's YAML reader (kubectl, calicoctl) lets the merge overwrite it where YAML 1.1 keeps it, so write << first`,
              offset: keyOffset,
              length: keyLength,
              path: [...path, key],
            });
            continue;
          }
        }
        if (seen.has(key)) {
          // Compared only when a key repeats, so ordinary documents pay nothing for it.
          const same = sourceOf(seen.get(key) ?? null) === sourceOf(pair.value as Node | null);
          (same ? warnings : errors).push({
            code: same ? "duplicate-key" : "conflicting-duplicate-key",
            message: same
              ? `key ${JSON.stringify(key)} is repeated with the same value; the repetition is ignored`
              : `key ${JSON.stringify(key)} is repeated with a different value: remove one of them`,
            offset: keyOffset,
            length: keyLength,
            path: [...path, key],
          });
        } else {
          seen.set(key, pair.value as Node | null);
        }
        stack.push({ node: pair.value, depth: depth + 1, path: [...path, key] });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        stack.push({ node: item, depth: depth + 1, path: [...path, i] });
      });
    }
  }
}

/**
 * The first source of a YAML 1.1 merge key (`<<: *defaults`, which Go's YAML readers honour)
 * that is not a mapping or an alias of one, if any (null for an empty value).
 */
function badMergeSource(targets: ReadonlyMap<Alias, Node>, value: Node | null): Node | null | undefined {
  // An alias without a target is reported as unknown or recursive already.
  const isMapSource = (node: unknown): boolean =>
    isMap(node) || (isAlias(node) && (!targets.has(node) || isMap(targets.get(node))));
  if (isSeq(value)) return value.items.find((item) => !isMapSource(item)) as Node | null | undefined;
  return isMapSource(value) ? undefined : value;
}

/** The keys of a merge source mapping, indexed once per mapping however often it is merged. */
const mergeKeyIndexes = new WeakMap<YAMLMap, ReadonlySet<string>>();

/**
 * A key written before a merge that the merge's sources also set, if any: Go's yaml.v2 applies
 * `<<` in place (it overwrites the key), YAML 1.1 and this reader keep the explicit value.
 */
function keyOverriddenByMerge(
  targets: ReadonlyMap<Alias, Node>,
  value: Node | null,
  before: ReadonlyMap<string, unknown>,
): string | undefined {
  if (before.size === 0) return undefined;
  const sources = isSeq(value) ? value.items : [value];
  for (const item of sources) {
    const source = isAlias(item) ? targets.get(item) : item;
    if (!isMap(source)) continue;
    let keys = mergeKeyIndexes.get(source);
    if (keys === undefined) {
      const built = new Set<string>();
      for (const pair of source.items) if (isScalar(pair.key)) built.add(String(pair.key.value));
      keys = built;
      mergeKeyIndexes.set(source, keys);
    }
    for (const key of before.keys()) if (keys.has(key)) return key;
  }
  return undefined;
}

/** A comparable form of a value node: its JSON for scalars and collections, the alias name for aliases. */
function sourceOf(node: Node | null): unknown {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return `*${node.source}`;
  if (isScalar(node)) return typeof node.value === "bigint" ? `${node.value}n` : JSON.stringify(node.value);
  return node.toString();
}

/** yaml reads integers as bigint (so huge ones stay exact); safe ones become numbers again. */
function normaliseNumbers(value: unknown): unknown {
  if (typeof value === "bigint") {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = normaliseNumbers(value[i]);
    return value;
  }
  if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      Object.defineProperty(record, key, {
        value: normaliseNumbers(record[key]),
        writable: true,
        enumerable: true,
        configurable: true,
      });
    }
  }
  return value;
}
