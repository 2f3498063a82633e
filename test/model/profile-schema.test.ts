import { describe, expect, it } from "vitest";
import type { Profile } from "../../src/model/types.js";
import { parseResource } from "../../src/model/validate.js";
import { codesOf, v3 } from "../support/model-helpers.js";

describe("Profile", () => {
  it("validates profile rules and labelsToApply", () => {
    const profile = parseResource(
      v3("Profile", { name: "p" }, { ingress: [{ action: "Allow" }], labelsToApply: { team: "a" } }),
    ) as Profile;
    expect(profile.spec.labelsToApply).toEqual({ team: "a" });
    expect(
      codesOf(v3("Profile", { name: "p" }, { egress: [{ action: "Go" }], labelsToApply: { "-x": "a" } })),
    ).toEqual([
      ["invalid-enum", ["spec", "egress", 0, "action"]],
      ["invalid-label-key", ["spec", "labelsToApply", "-x"]],
    ]);
  });
  it("refuses projectcalico-default-allow, which Calico provides and refuses to create or change (clientv3/profile.go)", () => {
    expect(codesOf(v3("Profile", { name: "projectcalico-default-allow" }, {}))).toEqual([
      ["reserved-profile", ["metadata", "name"]],
    ]);
    expect(codesOf(v3("Profile", { name: "projectcalico-default-allow-2" }, {}))).toEqual([]);
  });
});

describe("Profile rules: only the rule-level checks", () => {
  it("accepts http in an egress rule and services without a namespace, which Calico checks in policy specs only", () => {
    expect(
      codesOf(
        v3(
          "Profile",
          { name: "p" },
          {
            egress: [{ action: "Allow", http: { methods: ["GET"] } }],
            ingress: [{ action: "Allow", destination: { services: { name: "web" } } }],
          },
        ),
      ),
    ).toEqual([]);
  });
  it("still applies rule-level checks (http only on Allow)", () => {
    expect(
      codesOf(v3("Profile", { name: "p" }, { ingress: [{ action: "Deny", http: { methods: ["GET"] } }] })),
    ).toEqual([["http-requires-allow", ["spec", "ingress", 0, "http"]]]);
  });
});
