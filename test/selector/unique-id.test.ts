import { describe, expect, it } from "vitest";
import { makeUniqueId, parseSelector, selectorUniqueId } from "../../src/selector/index.js";

describe("uniqueId", () => {
  // §A.5 ground truth from parser_test.go.
  it.each([
    ["all()", "s:5y5I3VdRZfDU01O--xXAPx2yxCQQqMf0M6IWug"],
    ["!(has(b) || !has(a))", "s:Iss0uCleLYv1GSv_pNm7hAO58kE9jAx1NKyG3Q"],
    ['!(a == "b" && !c != "d")', "s:lh3haoY1ikTRkd4UZu0nWSaIBknYLPJLX16d-w"],
  ])("hashes %s to Calico's id %s", (canonical, id) => {
    expect(selectorUniqueId(canonical)).toBe(id);
    expect(parseSelector(canonical).uniqueId).toBe(id);
  });

  it("gives differently written but equal selectors the same id", () => {
    expect(parseSelector("! (has( b)||! has(a ))").uniqueId).toBe("s:Iss0uCleLYv1GSv_pNm7hAO58kE9jAx1NKyG3Q");
  });

  it("is the prefix, a colon and 38 base64url characters without padding", () => {
    expect(makeUniqueId("n", "x")).toMatch(/^n:[A-Za-z0-9_-]{38}$/);
  });
});
