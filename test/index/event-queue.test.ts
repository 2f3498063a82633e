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
});
