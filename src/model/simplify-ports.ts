/**
 * Calico's SimplifyPorts (`conversion.go`): the fewest ranges covering a rule's numeric ports,
 * named ports passed through first. `[80, 81, 82, 9090, "metrics"]` → `["metrics", "80:82", 9090]`.
 */
import { parsePort } from "./numorstring.js";
import type { PortValue } from "./types.js";

/** Merges overlapping and adjacent numeric ports into ranges; single ports stay numbers. */
export function simplifyPorts(ports: readonly PortValue[]): PortValue[] {
  if (ports.length <= 1) return [...ports];
  const named: PortValue[] = [];
  const ranges: { min: number; max: number }[] = [];
  for (const port of ports) {
    const parsed = parsePort(port);
    if ("error" in parsed) continue;
    if (parsed.kind === "named") named.push(port);
    else ranges.push({ min: parsed.min, max: parsed.max });
  }
  if (ranges.length <= 1) return [...named, ...ranges.map(render)];
  ranges.sort((a, b) => a.min - b.min);
  const out: PortValue[] = [...named];
  let current = { ...ranges[0]! };
  for (const next of ranges.slice(1)) {
    if (next.min > current.max + 1) {
      out.push(render(current));
      current = { ...next };
    } else if (next.max > current.max) {
      current.max = next.max;
    }
  }
  out.push(render(current));
  return out;
}

function render(range: { readonly min: number; readonly max: number }): PortValue {
  return range.min === range.max ? range.min : `${range.min}:${range.max}`;
}
