import { describe, expect, it } from "vitest";
import { parseSelectorField } from "../../src/model/selector-field.js";

describe("parseSelectorField", () => {
  it("accepts valid selectors, including the empty selector (all())", () => {
    expect(parseSelectorField("app == 'web'", "forbidden")).toEqual({ ok: true, value: "app == 'web'" });
    expect(parseSelectorField("", "forbidden")).toEqual({ ok: true, value: "" });
  });
  it("rejects non-strings, overlong and unparsable selectors", () => {
    expect(parseSelectorField(3, "forbidden")).toMatchObject({ ok: false, code: "invalid-type" });
    expect(parseSelectorField(`a == '${"x".repeat(1020)}'`, "forbidden")).toMatchObject({
      ok: false,
      code: "selector-too-long",
    });
    expect(parseSelectorField("a b", "forbidden")).toMatchObject({ ok: false, code: "invalid-selector" });
  });
  it("allows global() only alone, and only where asked", () => {
    expect(parseSelectorField("global()", "alone")).toEqual({ ok: true, value: "global()" });
    expect(parseSelectorField("!global()", "alone")).toMatchObject({ ok: false, code: "global-not-alone" });
    expect(parseSelectorField("has(a) || global()", "forbidden")).toMatchObject({
      ok: false,
      code: "global-not-allowed",
    });
  });
});
