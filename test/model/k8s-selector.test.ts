import { describe, expect, it } from "vitest";
import { k8sSelectorToCalico } from "../../src/model/k8s-selector.js";
import { parseSelector } from "../../src/selector/index.js";

describe("k8sSelectorToCalico", () => {
  it("ANDs the k8s orchestrator label into every pod selector, even an empty or absent one", () => {
    expect(k8sSelectorToCalico({}, "pod")).toBe("projectcalico.org/orchestrator == 'k8s'");
    expect(k8sSelectorToCalico(undefined, "pod")).toBe("projectcalico.org/orchestrator == 'k8s'");
  });
  it("writes matchLabels sorted by key, then matchExpressions in order", () => {
    const text = k8sSelectorToCalico(
      {
        matchLabels: { tier: "web", app: "shop" },
        matchExpressions: [
          { key: "env", operator: "In", values: ["prod", "staging"] },
          { key: "team", operator: "NotIn", values: ["x"] },
          { key: "canary", operator: "Exists" },
          { key: "legacy", operator: "DoesNotExist" },
        ],
      },
      "pod",
    );
    expect(text).toBe(
      "projectcalico.org/orchestrator == 'k8s' && app == 'shop' && tier == 'web' && env in { 'prod', 'staging' } && team not in { 'x' } && has(canary) && ! has(legacy)",
    );
    expect(
      parseSelector(text).matches({
        "projectcalico.org/orchestrator": "k8s",
        app: "shop",
        tier: "web",
        env: "prod",
        team: "y",
        canary: "",
      }),
    ).toBe(true);
  });
  it("turns an empty namespace selector into all() and an absent one into no constraint", () => {
    expect(k8sSelectorToCalico({}, "namespace")).toBe("all()");
    expect(k8sSelectorToCalico(undefined, "namespace")).toBe("");
    expect(k8sSelectorToCalico({ matchLabels: { team: "a" } }, "namespace")).toBe("team == 'a'");
  });
});
