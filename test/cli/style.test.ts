import { describe, expect, it } from "vitest";
import { colorEnabled, createStyle, stripAnsi } from "../../src/cli/style.js";

const env =
  (values: Record<string, string>) =>
  (name: string): string | undefined =>
    values[name];

describe("colorEnabled", () => {
  it("colours a terminal by default", () => {
    expect(colorEnabled({ noColorFlag: false, env: env({}), isTTY: true })).toBe(true);
  });

  it("does not colour a pipe or a file", () => {
    expect(colorEnabled({ noColorFlag: false, env: env({}), isTTY: false })).toBe(false);
  });

  it("turns colour off with --no-color even when FORCE_COLOR is set", () => {
    expect(colorEnabled({ noColorFlag: true, env: env({ FORCE_COLOR: "1" }), isTTY: true })).toBe(false);
  });

  it("turns colour off with a non-empty NO_COLOR", () => {
    expect(colorEnabled({ noColorFlag: false, env: env({ NO_COLOR: "1" }), isTTY: true })).toBe(false);
  });

  it("ignores an empty NO_COLOR, as no-color.org specifies", () => {
    expect(colorEnabled({ noColorFlag: false, env: env({ NO_COLOR: "" }), isTTY: true })).toBe(true);
  });

  it("colours a non-terminal when FORCE_COLOR asks for it, but not FORCE_COLOR=0", () => {
    expect(colorEnabled({ noColorFlag: false, env: env({ FORCE_COLOR: "1" }), isTTY: false })).toBe(true);
    expect(colorEnabled({ noColorFlag: false, env: env({ FORCE_COLOR: "0" }), isTTY: true })).toBe(true);
    expect(colorEnabled({ noColorFlag: false, env: env({ FORCE_COLOR: "0" }), isTTY: false })).toBe(false);
  });

  it("does not colour a dumb terminal", () => {
    expect(colorEnabled({ noColorFlag: false, env: env({ TERM: "dumb" }), isTTY: true })).toBe(false);
  });
});

describe("createStyle", () => {
  it("returns text unchanged when colour is off", () => {
    expect(createStyle(false).red("deny")).toBe("deny");
  });

  it("wraps text in SGR codes that stripAnsi removes again", () => {
    const red = createStyle(true).red("deny");
    expect(red).toBe("\u001b[31mdeny\u001b[39m");
    expect(stripAnsi(red)).toBe("deny");
  });
});
