import { describe, expect, it } from "vitest";
import { parseSelectorField } from "../../src/model/selector-field.js";

describe("parseSelectorField", () => {
  it("accepts valid selectors, including the empty selector (all())", () => {
    expect(parseSelectorField("app == 'web'", "policy")).toEqual({ ok: true, value: "app == 'web'" });
    expect(parseSelectorField("", "rule-selector")).toEqual({ ok: true, value: "" });
  });
  it("rejects non-strings, overlong and unparsable selectors", () => {
    expect(parseSelectorField(3, "policy")).toMatchObject({ ok: false, code: "invalid-type" });
    expect(parseSelectorField(`a == '${"x".repeat(1020)}'`, "policy")).toMatchObject({
      ok: false,
      code: "selector-too-long",
    });
    expect(parseSelectorField("a b", "rule-unchecked")).toMatchObject({
      ok: false,
      code: "invalid-selector",
    });
  });
  it("allows global() in a namespaceSelector only when it tokenizes to global() alone", () => {
    for (const ok of ["global()", " global( \t) ", "has(a)", "name == 'global'"])
      expect(parseSelectorField(ok, "rule-namespace-selector"), ok).toEqual({ ok: true, value: ok });
    for (const bad of ["!global()", "(global())", "global() || has(a)", "name == 'global('"]) {
      expect(parseSelectorField(bad, "rule-namespace-selector"), bad).toMatchObject({
        ok: false,
        code: "global-not-alone",
      });
    }
  });
  it("checks text as Calico does: global() even inside a string literal is refused in a rule selector", () => {
    for (const bad of ["has(a) || global()", "name == 'global()'"]) {
      expect(parseSelectorField(bad, "rule-selector"), bad).toMatchObject({
        ok: false,
        code: "global-not-allowed",
      });
    }
    expect(parseSelectorField("name == 'global('", "policy")).toMatchObject({ code: "global-not-allowed" });
    expect(parseSelectorField("name == 'global('", "rule-selector")).toMatchObject({ ok: true });
  });
  it("leaves notSelector and serviceAccounts selectors unpoliced, as validateEntityRule does", () => {
    expect(parseSelectorField("global()", "rule-unchecked")).toEqual({ ok: true, value: "global()" });
  });
});
