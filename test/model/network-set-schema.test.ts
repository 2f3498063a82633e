import { describe, expect, it } from "vitest";
import type { NetworkSet } from "../../src/model/types.js";
import { parseResource } from "../../src/model/validate.js";
import { codesOf, v3 } from "../support/model-helpers.js";

describe("NetworkSet and GlobalNetworkSet", () => {
  it("validates network set nets and forbids the namespace label", () => {
    const set = parseResource(
      v3("NetworkSet", { name: "s" }, { nets: ["10.0.0.0/8", "fd00::/8"] }),
    ) as NetworkSet;
    expect(set.metadata.namespace).toBe("default");
    expect(
      codesOf(
        v3(
          "NetworkSet",
          { name: "s", labels: { "projectcalico.org/namespace": "x" } },
          { nets: ["10.0.0.0/40"] },
        ),
      ),
    ).toEqual([
      ["reserved-label", ["metadata", "labels", "projectcalico.org/namespace"]],
      ["invalid-cidr", ["spec", "nets", 0]],
    ]);
  });
});
