import { describe, expect, it } from "vitest";
import { entitySelectorTexts } from "../../src/policy/entity-selector.js";
import { parseSelector } from "../../src/selector/index.js";

function canonical(text: string): string {
  return parseSelector(text).canonical;
}

describe("entitySelectorTexts (§D.3)", () => {
  it("scopes a selector in a namespaced policy to the policy's namespace", () => {
    const { selector } = entitySelectorTexts({ selector: "mylabel == 'value1'" }, "namespace2");
    expect(selector).toBe("(projectcalico.org/namespace == 'namespace2') && (mylabel == 'value1')");
  });

  it("gives a lone notSelector a positive same-namespace selector and leaves it unscoped", () => {
    expect(entitySelectorTexts({ notSelector: "has(label2)" }, "namespace2")).toEqual({
      selector: "projectcalico.org/namespace == 'namespace2'",
      notSelector: "has(label2)",
    });
  });

  it("leaves a rule with only nets or ports unscoped (any namespace, any address)", () => {
    expect(entitySelectorTexts({ nets: ["10.0.0.0/8"], ports: [80] }, "ns")).toEqual({
      selector: "",
      notSelector: "",
    });
  });

  it("prefixes a namespaceSelector with pcns. instead of scoping to the policy's namespace", () => {
    expect(
      canonical(entitySelectorTexts({ namespaceSelector: "namespacelabel1 == 'value1'" }, "ns").selector),
    ).toBe('pcns.namespacelabel1 == "value1"');
  });

  it("ANDs a namespaceSelector with a selector", () => {
    const { selector } = entitySelectorTexts(
      { namespaceSelector: "key == 'value'", selector: "projectcalico.org/orchestrator == 'k8s'" },
      "ns",
    );
    expect(selector).toBe(`(pcns.key == "value") && (projectcalico.org/orchestrator == 'k8s')`);
  });

  it("rewrites namespaceSelector global() to !has(projectcalico.org/namespace)", () => {
    expect(entitySelectorTexts({ namespaceSelector: "global()" }, "ns").selector).toBe(
      "!has(projectcalico.org/namespace)",
    );
  });

  it("leaves profile and global-policy selectors unscoped", () => {
    expect(entitySelectorTexts({ selector: "has(foo)" }, "").selector).toBe("has(foo)");
  });

  it("turns service-account names and selector into one pcsa. selector ANDed with the namespace", () => {
    const { selector } = entitySelectorTexts(
      { serviceAccounts: { names: ["sa1", "sa2"], selector: "key == 'value1'" } },
      "namespace",
    );
    expect(canonical(selector)).toBe(
      '(projectcalico.org/namespace == "namespace" && (pcsa.key == "value1" && projectcalico.org/serviceaccount in {"sa1", "sa2"}))',
    );
  });
});
