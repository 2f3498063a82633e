import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { locate } from "../../src/manifest/locate.js";

const text = "metadata:\n  name: x\nspec:\n  ports:\n  - 80\n  - 443\n  empty:\n";
const doc = parseDocument(text);
const at = (path: (string | number)[], preferKey = false) => {
  const span = locate(doc, path, preferKey);
  return text.slice(span.offset, span.offset + span.length);
};

describe("locate", () => {
  it("finds values through mappings and lists", () => {
    expect(at(["metadata", "name"])).toBe("x");
    expect(at(["spec", "ports", 1])).toBe("443");
  });
  it("points at the key when asked, and at the key of an empty value", () => {
    expect(at(["metadata", "name"], true)).toBe("name");
    expect(at(["spec", "empty"])).toBe("empty");
  });
  it("falls back to the nearest existing parent for a missing path", () => {
    expect(at(["metadata", "namespace"])).toBe("name: x\n");
    expect(at(["spec", "ports", 7])).toBe("- 80\n  - 443\n");
  });
});
