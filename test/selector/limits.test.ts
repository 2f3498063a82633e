import { describe, expect, it } from "vitest";
import { isValidLabel, MAX_LABEL_LENGTH } from "../../src/selector/index.js";
import { isLabelChar } from "../../src/selector/limits.js";

describe("isValidLabel", () => {
  it.each(["a", "A9", "projectcalico.org/namespace", "-._/0", "x".repeat(MAX_LABEL_LENGTH)])(
    "accepts %j",
    (s) => {
      expect(isValidLabel(s)).toBe(true);
    },
  );

  it.each(["", "a b", "a:b", "caf\u00e9", "a\n", "x".repeat(MAX_LABEL_LENGTH + 1)])("rejects %j", (s) => {
    expect(isValidLabel(s)).toBe(false);
  });
});

describe("isLabelChar", () => {
  it("accepts exactly [a-zA-Z0-9_./-] among ASCII", () => {
    const accepted = Array.from({ length: 128 }, (_, c) => c)
      .filter(isLabelChar)
      .map((c) => String.fromCharCode(c))
      .join("");
    expect(accepted).toBe("-./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz");
  });
});
