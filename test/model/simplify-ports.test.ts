import { describe, expect, it } from "vitest";
import { simplifyPorts } from "../../src/model/simplify-ports.js";

describe("simplifyPorts", () => {
  it("merges adjacent and overlapping ports into ranges, named ports first", () => {
    expect(simplifyPorts([80, 81, 82, 9090, "metrics"])).toEqual(["metrics", "80:82", 9090]);
    expect(simplifyPorts(["100:200", 150, "180:250", 251, 300])).toEqual(["100:251", 300]);
  });
  it("leaves a single port or a single numeric port untouched", () => {
    expect(simplifyPorts([443])).toEqual([443]);
    expect(simplifyPorts(["http", 443])).toEqual(["http", 443]);
  });
  it("sorts numeric ports", () => {
    expect(simplifyPorts([8080, 22, 443])).toEqual([22, 443, 8080]);
  });
});
