/**
 * Resources are plain data: mappings, lists, strings, numbers, booleans and null. A Map, Set,
 * Date or class instance (YAML's `!!omap`, `!!set`, `!!timestamp`, `!!binary`, or an object built
 * in code) would pass an object schema with its entries unseen, so it is refused up front.
 */

/** Where a non-plain value sits, and what it is. */
export interface NonPlainValue {
  readonly path: readonly (string | number)[];
  readonly got: string;
}

/** Deeper than any resource field: below this, the schemas type-check every value themselves. */
const MAX_DEPTH = 32;

/** The first value under `root` that is not plain data (depth-first, bounded), if any. */
export function findNonPlainValue(root: unknown): NonPlainValue | undefined {
  const stack: { readonly value: unknown; readonly path: readonly (string | number)[] }[] = [
    { value: root, path: [] },
  ];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value !== "object" || value === null) continue;
    const got = nonPlainKind(value);
    if (got !== undefined) return { path, got };
    if (path.length >= MAX_DEPTH) continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, i] });
    } else {
      const keys = Object.keys(value);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        stack.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] });
      }
    }
  }
  return undefined;
}

function nonPlainKind(value: object): string | undefined {
  if (Array.isArray(value)) return undefined;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return undefined;
  if (value instanceof Map) return "a Map (YAML !!omap or !!pairs)";
  if (value instanceof Set) return "a Set (YAML !!set)";
  if (value instanceof Date) return "a Date (YAML !!timestamp)";
  if (ArrayBuffer.isView(value)) return "binary data (YAML !!binary)";
  const ctor: unknown = Object.hasOwn(proto as object, "constructor")
    ? (proto as { readonly constructor: unknown }).constructor
    : undefined;
  const name = typeof ctor === "function" && ctor !== Object ? ctor.name : "";
  return name !== "" ? `an instance of ${name}` : "an object with a prototype";
}
