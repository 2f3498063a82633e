/**
 * YAML aliases (`*name`) resolved as yaml resolves them, to the last node anchored `&name` before
 * the alias in its document, with a located problem for every alias that has no such anchor or
 * that sits inside its own anchor's node (a recursive structure).
 */
import { type Alias, type Document, isAlias, isCollection, isNode, isPair, type Node } from "yaml";

/** An alias that cannot be expanded, at a 0-based offset. */
export interface AliasProblem {
  readonly code: "unknown-alias" | "recursive-alias";
  readonly message: string;
  readonly offset: number;
  readonly length: number;
}

/** Every alias's target node, and a problem for each alias without one. */
export interface ResolvedAliases {
  readonly targets: ReadonlyMap<Alias, Node>;
  readonly problems: readonly AliasProblem[];
}

/** Resolves the aliases of one document in one walk (yaml's own `resolve` walks the document per alias). */
export function resolveAliases(doc: Document.Parsed): ResolvedAliases {
  const targets = new Map<Alias, Node>();
  const problems: AliasProblem[] = [];
  const anchors = new Map<string, Node>();
  // Anchored nodes enclosing the current one: an alias to one of them would expand forever.
  const open = new Set<Node>();
  // Depth-first in document order, as yaml looks anchors up; a `leave` entry closes an anchored node.
  const work: { readonly node?: unknown; readonly leave?: Node }[] = [{ node: doc.contents }];
  for (let next = work.pop(); next !== undefined; next = work.pop()) {
    if (next.leave !== undefined) {
      open.delete(next.leave);
      continue;
    }
    const node = next.node;
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      const problem =
        target === undefined ? unknownAlias(node) : open.has(target) ? recursiveAlias(node) : undefined;
      if (problem === undefined) targets.set(node, target as Node);
      else problems.push(problem);
    } else if (isPair(node)) {
      work.push({ node: node.value }, { node: node.key });
    } else if (isNode(node)) {
      if (node.anchor) {
        anchors.set(node.anchor, node);
        open.add(node);
        work.push({ leave: node });
      }
      if (isCollection(node)) {
        for (let i = node.items.length - 1; i >= 0; i--) work.push({ node: node.items[i] });
      }
    }
  }
  return { targets, problems };
}

function span(alias: Alias): { offset: number; length: number } {
  const [start, end] = alias.range ?? [0, 1];
  return { offset: start, length: Math.max(1, end - start) };
}

function unknownAlias(alias: Alias): AliasProblem {
  return {
    code: "unknown-alias",
    message: `unknown alias *${alias.source}: no anchor &${alias.source} comes before it in this document (anchors do not carry over a --- line)`,
    ...span(alias),
  };
}

function recursiveAlias(alias: Alias): AliasProblem {
  return {
    code: "recursive-alias",
    message: `alias *${alias.source} is inside the node anchored &${alias.source}: a recursive structure has no value`,
    ...span(alias),
  };
}
