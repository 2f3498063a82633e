import { describe, expect, it } from "vitest";
import { EventQueue } from "../../src/index/event-queue.js";

describe("EventQueue", () => {
  it("delivers each update's events once, in phase order, whatever the previous update left in its arrays", () => {
    const queue = new EventQueue();
    const seen: string[] = [];
    queue.on("matchStarted", (s: string, e: string) => seen.push(`+${s}/${e}`));
    queue.on("matchStopped", (s: string, e: string) => seen.push(`-${s}/${e}`));
    // A large update (past the size at which the arrays are dropped), then small ones reusing them.
    for (let i = 0; i < 3000; i++) queue.started("big", `ep-${i}`);
    queue.flush();
    expect(seen.length).toBe(3000);
    seen.length = 0;
    for (const round of [1, 2, 3]) {
      queue.started("sel", `a${round}`);
      queue.stopped("sel", `b${round}`);
      queue.started("sel", `c${round}`);
      queue.flush();
      expect(seen).toEqual([`-sel/b${round}`, `+sel/a${round}`, `+sel/c${round}`]);
      seen.length = 0;
    }
    queue.flush();
    expect(seen).toEqual([]);
  });

  it("delivers events queued by a listener in the listener's own flush, not twice", () => {
    const queue = new EventQueue();
    const seen: string[] = [];
    queue.on("matchStarted", (s: string, e: string) => {
      seen.push(`${s}/${e}`);
      if (e === "first") {
        queue.started("nested", "second");
        queue.flush();
      }
    });
    queue.started("outer", "first");
    queue.flush();
    queue.flush();
    expect(seen).toEqual(["outer/first", "nested/second"]);
  });

  it("delivers every event to every listener when one throws, then rethrows the first error", () => {
    const queue = new EventQueue();
    const seen: string[] = [];
    queue.on("matchStarted", (_s: string, e: string) => {
      throw new Error(`boom ${e}`);
    });
    queue.on("matchStarted", (_s: string, e: string) => seen.push(e));
    queue.on("matchStopped", (_s: string, e: string) => seen.push(`-${e}`));
    queue.stopped("s", "x");
    queue.started("s", "a");
    queue.started("s", "b");
    expect(() => queue.flush()).toThrow("boom a");
    expect(seen).toEqual(["-x", "a", "b"]);
    // Nothing is left queued or stuck: the next update is delivered normally.
    queue.stopped("s", "y");
    queue.flush();
    expect(seen).toEqual(["-x", "a", "b", "-y"]);
  });

  it("delivers to a listener added during delivery from the next event on", () => {
    const queue = new EventQueue();
    const late: string[] = [];
    let added = false;
    queue.on("matchStarted", () => {
      if (added) return;
      added = true;
      queue.on("matchStarted", (_s: string, e: string) => late.push(e));
    });
    queue.started("s", "a");
    queue.started("s", "b");
    queue.flush();
    expect(late).toEqual(["b"]);
  });

  it("refuses a listener that is not a function", () => {
    const queue = new EventQueue();
    expect(() => queue.on("matchStarted", 5 as never)).toThrow(
      'on("matchStarted"): expected a listener function, got number',
    );
    expect(() => queue.on("memberAdded", null as never)).toThrow("got null");
  });
});
