import { describe, expect, it } from "vitest";
import {
  checkContainerId,
  checkDnsLabel,
  checkDnsSubdomain,
  checkInterfaceName,
  checkLabelKey,
  checkLabelValue,
  checkPortName,
} from "../../src/model/names.js";

describe("name rules", () => {
  it("DNS labels: lower-case alphanumerics and '-', at most 63", () => {
    expect(checkDnsLabel("kube-admin")).toBeUndefined();
    for (const bad of ["-a", "a-", "A", "a.b", "a".repeat(64)]) expect(checkDnsLabel(bad)).toBeDefined();
  });
  it("DNS subdomains: dotted labels, at most 253", () => {
    expect(checkDnsSubdomain("kns.default")).toBeUndefined();
    for (const bad of ["a..b", ".a", "a_b", "a".repeat(254)]) expect(checkDnsSubdomain(bad)).toBeDefined();
  });
  it("label keys: optional DNS prefix, a 1-63 character name", () => {
    for (const ok of [
      "app",
      "app.kubernetes.io/name",
      "projectcalico.org/namespace",
      "a_b.c-d",
      "constructor",
    ])
      expect(checkLabelKey(ok)).toBeUndefined();
    for (const bad of ["", "/a", "a/", "Bad_Prefix/a", "__proto__", "-a", `${"a".repeat(64)}`, "a b"])
      expect(checkLabelKey(bad)).toBeDefined();
  });
  it("label values: empty or 1-63 alphanumerics with -_. inside", () => {
    for (const ok of ["", "v1.2_3-x", "a".repeat(63)]) expect(checkLabelValue(ok)).toBeUndefined();
    for (const bad of ["-a", "a ", "a/b", "a".repeat(64)]) expect(checkLabelValue(bad)).toBeDefined();
  });
  it("port names: IANA service names", () => {
    for (const ok of ["http", "metrics-2", "a1"]) expect(checkPortName(ok)).toBeUndefined();
    for (const bad of ["", "123", "HTTP", "http_alt", "-web", "web-", "a--b", "abcdefghijklmnop"])
      expect(checkPortName(bad)).toBeDefined();
  });
  it("container IDs and interface names", () => {
    expect(checkContainerId("1337495556942031415926535")).toBeUndefined();
    expect(checkContainerId("abc_1")).toBeDefined();
    expect(checkInterfaceName("cali0ef24ba")).toBeUndefined();
    expect(checkInterfaceName("a".repeat(16))).toBeDefined();
  });
});
