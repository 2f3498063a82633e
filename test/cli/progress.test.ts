import { describe, expect, it } from "vitest";
import { bufferIo } from "../../src/cli/io.js";
import { createProgress } from "../../src/cli/progress.js";

describe("createProgress", () => {
  it("draws nothing when stderr is not a terminal", () => {
    const io = bufferIo({ tty: false });
    const bar = createProgress(io, "matrix", 10_000);
    bar.update(5_000);
    bar.finish();
    expect(io.err()).toBe("");
  });

  it("draws nothing for small amounts of work", () => {
    const io = bufferIo({ tty: true });
    createProgress(io, "matrix", 10).update(5);
    expect(io.err()).toBe("");
  });

  it("draws a bar with the count on a terminal and erases it when finished", () => {
    const io = bufferIo({ tty: true });
    const bar = createProgress(io, "matrix", 4000);
    bar.update(2000);
    bar.update(4000);
    bar.finish();
    expect(io.err()).toContain("matrix [");
    expect(io.err()).toContain("] 2000/4000");
    expect(io.err()).toContain("] 4000/4000");
    expect(io.err().endsWith("\r\u001b[K")).toBe(true);
  });
});
