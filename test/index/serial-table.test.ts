import { describe, expect, it } from "vitest";
import { SerialTable } from "../../src/index/serial-table.js";

describe("SerialTable", () => {
  it("hands out 0, 1, 2, ... and reuses released serials before growing", () => {
    const table = new SerialTable<{ serial: number }>();
    const a = { serial: table.next() };
    table.register(a);
    const b = { serial: table.next() };
    table.register(b);
    expect([a.serial, b.serial, table.bound()]).toEqual([0, 1, 2]);
    table.release(a);
    expect(table.next()).toBe(0);
    const c = { serial: table.next() };
    table.register(c);
    expect(table.itemAt(0)).toBe(c);
    expect(table.itemAt(1)).toBe(b);
    expect(table.bound()).toBe(2);
    expect(table.next()).toBe(2);
  });

  it("refuses an item whose serial is not the next free one", () => {
    const table = new SerialTable<{ serial: number }>();
    expect(() => table.register({ serial: 5 })).toThrow(/serial 5/);
  });
});
