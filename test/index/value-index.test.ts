import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Serials, ValueIndex } from "../../src/index/value-index.js";

interface Item {
  readonly serial: number;
}

/** Items 0..n-1 with serials equal to their number, some of them live. */
function universe(n: number): { items: Item[]; serials: Serials<Item> } {
  const items = Array.from({ length: n }, (_, serial) => ({ serial }));
  return {
    items,
    serials: { serialOf: (item) => item.serial, itemAt: (serial) => items[serial]!, bound: () => n },
  };
}

type Op = { readonly add: boolean; readonly item: number; readonly value: number };

const sorted = (items: Iterable<Item>): number[] => [...items].map((i) => i.serial).sort((a, b) => a - b);

describe("ValueIndex", () => {
  // Groups grow from one item through an exact array, a Set and a bitset, and shrink back; the
  // answers must not depend on the form. Few values and many items force every transition.
  it.each([
    ["with serials (bitsets allowed)", true],
    ["without serials (arrays and Sets only)", false],
  ])("answers like a Map of Sets under random adds and removes, %s", (_, withSerials) => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        // Three adds to one remove, and long runs, so groups grow past every threshold.
        fc.array(fc.record({ add: fc.nat(3).map((x) => x > 0), item: fc.nat(199), value: fc.nat(2) }), {
          maxLength: 600,
          size: "max",
        }),
        (n, ops: Op[]) => {
          const { items, serials } = universe(n);
          const index = new ValueIndex<Item>(withSerials ? serials : undefined);
          const model = new Map<string, Set<Item>>();
          for (const op of ops) {
            const item = items[op.item % n]!;
            const value = `v${op.value}`;
            let group = model.get(value);
            if (op.add) {
              const other = index.add("app", value, item);
              // The item returned (to share strings with) is another member, or none.
              if (group === undefined || group.size === 0 || group.has(item)) {
                expect(other).toBeUndefined();
              } else {
                expect(other).not.toBe(item);
                expect(group.has(other!)).toBe(true);
              }
              if (group === undefined) model.set(value, (group = new Set()));
              group.add(item);
            } else {
              index.remove("app", value, item);
              group?.delete(item);
            }
          }
          const check = (): void => {
            let total = 0;
            const all: Item[] = [];
            for (let v = 0; v < 3; v++) {
              const expected = [...(model.get(`v${v}`) ?? [])];
              total += expected.length;
              all.push(...expected);
              expect(index.countWith("app", `v${v}`)).toBe(expected.length);
              expect(sorted(index.itemsWith("app", `v${v}`))).toEqual(sorted(expected));
            }
            expect(index.countWithLabel("app")).toBe(total);
            const visited: Item[] = [];
            index.forEachWithLabel("app", (item) => visited.push(item));
            expect(sorted(visited)).toEqual(sorted(all));
            let grouped = 0;
            index.forEachValueGroup("app", (size, group) => {
              expect([...group].length).toBe(size);
              grouped += size;
            });
            expect(grouped).toBe(total);
          };
          check();
          // Drain every group in shuffled order, checking as each passes back through the
          // small forms (bitset or Set → array → single item → gone).
          const members = [...model].flatMap(([value, group]) =>
            [...group].map((item) => [value, item] as const),
          );
          for (let i = members.length - 1; i > 0; i--) {
            const j = (i * 7919 + ops.length) % (i + 1);
            [members[i], members[j]] = [members[j]!, members[i]!];
          }
          for (const [value, item] of members) {
            index.remove("app", value, item);
            model.get(value)!.delete(item);
            if (model.get(value)!.size <= 40) check();
          }
          expect(index.countWithLabel("app")).toBe(0);
        },
      ),
      // Shrinking a long failing sequence can take minutes: stop after 20 s (a pass takes ~1 s)
      // and report the counterexample reached so far.
      { numRuns: 60, interruptAfterTimeLimit: 20_000, markInterruptAsFailure: true },
    );
  });

  it("stores a dense group as a bitset and still finds every member and the label count", () => {
    const { items, serials } = universe(5000);
    const index = new ValueIndex<Item>(serials);
    for (const item of items) index.add("projectcalico.org/orchestrator", "k8s", item);
    for (let i = 0; i < 5000; i += 2) index.remove("projectcalico.org/orchestrator", "k8s", items[i]!);
    expect(index.countWith("projectcalico.org/orchestrator", "k8s")).toBe(2500);
    expect(sorted(index.itemsWith("projectcalico.org/orchestrator", "k8s"))).toEqual(
      Array.from({ length: 2500 }, (_, i) => 2 * i + 1),
    );
    for (let i = 1; i < 5000; i += 2) index.remove("projectcalico.org/orchestrator", "k8s", items[i]!);
    expect(index.countWithLabel("projectcalico.org/orchestrator")).toBe(0);
    expect([...index.itemsWith("projectcalico.org/orchestrator", "k8s")]).toEqual([]);
  });
});
