import { describe, expect, it } from "vitest";
import { isValidMac } from "../../src/model/mac.js";

describe("isValidMac", () => {
  it("accepts 6- and 8-byte addresses in colon, hyphen and dot notation", () => {
    for (const mac of [
      "ca:fe:1d:52:bb:e9",
      "CA-FE-1D-52-BB-E9",
      "cafe.1d52.bbe9",
      "02:00:5e:10:00:00:00:01",
      "0200.5e10.0000.0001",
    ]) {
      expect(isValidMac(mac)).toBe(true);
    }
  });
  it("rejects other lengths, mixed separators and non-hex digits", () => {
    for (const mac of [
      "ca:fe:1d:52:bb",
      "ca:fe:1d:52:bb:e9:00",
      "ca-fe:1d:52:bb:e9",
      "ca:fe:1d:52:bb:eg",
      "cafe1d52bbe9",
      "",
    ]) {
      expect(isValidMac(mac)).toBe(false);
    }
  });
});
