/**
 * A reachability matrix in four forms: a grid for people, JSON, CSV (one row per pair) and
 * Graphviz DOT (an edge per allowed pair, namespaces as clusters).
 */

import type { CellVerdict } from "./decided-by.js";
import { type ClassMatrix, cell } from "./equivalence.js";
import type { MatrixEndpoint } from "./matrix-data.js";
import type { Style } from "./style.js";

/** What the matrix is about, for headings. */
export interface MatrixInfo {
  readonly protocol: string;
  readonly port: number;
}

/** The grid: numbered rows (sources) and columns (destinations), ✓ allowed, · denied. */
export function renderMatrixText(
  matrix: ClassMatrix<MatrixEndpoint, CellVerdict>,
  info: MatrixInfo,
  style: Style,
): string {
  const n = matrix.items.length;
  const checks = matrix.classes.length ** 2;
  let text = `${style.bold(`reachability to ${info.protocol}/${info.port}`)}: ${n} endpoints in ${matrix.classes.length} equivalence classes (${checks} checks instead of ${n * n})\n\n`;
  if (n === 0) return `${text}no workload endpoints\n`;
  const numWidth = String(n).length;
  const nameWidth = Math.max(...matrix.items.map((e) => e.id.length));
  const colWidth = Math.max(2, numWidth + 1);
  const header = `${" ".repeat(numWidth + 2 + nameWidth)} ${matrix.items.map((_, j) => String(j + 1).padStart(colWidth)).join("")}`;
  text += `${style.dim(`${" ".repeat(numWidth + 2)}from ↓  to →`)}\n${header}\n`;
  matrix.items.forEach((source, i) => {
    let row = `${String(i + 1).padStart(numWidth)}  ${source.id.padEnd(nameWidth)} `;
    for (let j = 0; j < n; j++) {
      const verdict = cell(matrix, i, j);
      row += " ".repeat(colWidth - 1) + (verdict.allowed ? style.green("✓") : style.dim("·"));
    }
    text += `${row}\n`;
  });
  let allowed = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (cell(matrix, i, j).allowed) allowed++;
  text += `\n✓ allowed  · denied   ${allowed} of ${n * n} pairs allowed\n`;
  return text;
}

/** Every pair as an object, plus the classes, for programs. */
export function matrixJson(matrix: ClassMatrix<MatrixEndpoint, CellVerdict>, info: MatrixInfo): unknown {
  const pairs: unknown[] = [];
  const n = matrix.items.length;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = cell(matrix, i, j);
      pairs.push({
        from: matrix.items[i]!.id,
        to: matrix.items[j]!.id,
        allowed: v.allowed,
        decidedBy: v.decidedBy,
      });
    }
  }
  return {
    protocol: info.protocol,
    port: info.port,
    endpoints: matrix.items.map((e) => e.id),
    classes: matrix.classes.map((members) => members.map((i) => matrix.items[i]!.id)),
    pairs,
  };
}

/** `from,to,protocol,port,allowed,decided_by`, one row per pair. */
export function matrixCsv(matrix: ClassMatrix<MatrixEndpoint, CellVerdict>, info: MatrixInfo): string {
  let text = "from,to,protocol,port,allowed,decided_by\n";
  const n = matrix.items.length;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = cell(matrix, i, j);
      text += `${csv(matrix.items[i]!.id)},${csv(matrix.items[j]!.id)},${info.protocol},${info.port},${v.allowed},${csv(v.decidedBy)}\n`;
    }
  }
  return text;
}

function csv(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A Graphviz digraph: one cluster per namespace, one edge per allowed pair (self-flows left out). */
export function matrixDot(matrix: ClassMatrix<MatrixEndpoint, CellVerdict>, info: MatrixInfo): string {
  const q = (s: string): string => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
  let text = `digraph reachability {\n  label=${q(`allowed flows to ${info.protocol}/${info.port}`)};\n  rankdir=LR;\n  node [shape=box];\n`;
  const byNamespace = new Map<string, MatrixEndpoint[]>();
  for (const e of matrix.items) {
    const list = byNamespace.get(e.namespace) ?? [];
    list.push(e);
    byNamespace.set(e.namespace, list);
  }
  let k = 0;
  for (const [namespace, endpoints] of byNamespace) {
    text += `  subgraph cluster_${k++} {\n    label=${q(namespace)};\n`;
    for (const e of endpoints) text += `    ${q(e.id)} [label=${q(e.name)}];\n`;
    text += "  }\n";
  }
  const n = matrix.items.length;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i !== j && cell(matrix, i, j).allowed)
        text += `  ${q(matrix.items[i]!.id)} -> ${q(matrix.items[j]!.id)};\n`;
    }
  }
  return `${text}}\n`;
}
