/**
 * Maps a field path inside a document to the source range that best shows the problem: the
 * value when it exists, the key for an unknown field, the nearest existing parent otherwise.
 */
import { type Document, isMap, isPair, isScalar, isSeq, type Node, type Pair, type YAMLMap } from "yaml";

/** A 0-based source range. */
export interface SourceSpan {
  readonly offset: number;
  readonly length: number;
}

function spanOf(node: Node | null | undefined, fallback: SourceSpan): SourceSpan {
  const range = node?.range;
  if (range === undefined || range === null) return fallback;
  return { offset: range[0], length: Math.max(1, range[1] - range[0]) };
}

/**
 * A mapping's pairs by scalar key (the first of equal keys), built once per mapping: locating
 * thousands of issues in one large mapping would otherwise scan it once per issue.
 */
const pairIndexes = new WeakMap<YAMLMap, ReadonlyMap<string, Pair>>();

function pairsByKey(map: YAMLMap): ReadonlyMap<string, Pair> {
  let index = pairIndexes.get(map);
  if (index === undefined) {
    const built = new Map<string, Pair>();
    for (const p of map.items) {
      if (!isPair(p) || !isScalar(p.key)) continue;
      const key = String(p.key.value);
      if (!built.has(key)) built.set(key, p);
    }
    index = built;
    pairIndexes.set(map, index);
  }
  return index;
}

/** Finds the source span for `path`; `preferKey` points at the key of the last segment. */
export function locate(
  doc: Document.Parsed,
  path: readonly (string | number)[],
  preferKey: boolean,
): SourceSpan {
  let node: unknown = doc.contents;
  let span = spanOf(doc.contents as Node | null, { offset: 0, length: 1 });
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = pairsByKey(node).get(String(segment));
      if (pair === undefined) return span;
      const keySpan = spanOf(pair.key as Node, span);
      if (last && preferKey) return keySpan;
      node = pair.value;
      // An empty value (`empty:`) has a zero-width range after the colon: show the key instead.
      const range = (pair.value as Node | null)?.range;
      span =
        range === undefined || range === null || range[0] === range[1]
          ? keySpan
          : spanOf(pair.value as Node, keySpan);
    } else if (isSeq(node) && typeof segment === "number") {
      const item = node.items[segment];
      if (item === undefined) return span;
      node = item;
      span = spanOf(item as Node, span);
    } else {
      return span;
    }
  }
  return span;
}
