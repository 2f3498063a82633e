import { describe, expect, it } from "vitest";
import { globalPolicySelectorText, namespacedPolicySelectorText } from "../../src/policy/policy-selector.js";
import { parseSelector } from "../../src/selector/index.js";

describe("namespacedPolicySelectorText (§D.1)", () => {
  it("scopes an empty selector to the policy's namespace", () => {
    expect(namespacedPolicySelectorText({}, "ns1")).toBe("projectcalico.org/namespace == 'ns1'");
  });

  it("ANDs the written selector with the namespace, then the pcsa.-prefixed SA selector", () => {
    expect(
      namespacedPolicySelectorText(
        { selector: "mylabel == 'selectme'", serviceAccountSelector: "role == 'development'" },
        "namespace2",
      ),
    ).toBe(
      `((mylabel == 'selectme') && projectcalico.org/namespace == 'namespace2') && pcsa.role == "development"`,
    );
  });

  it("keeps an SA selector of all() as all() for NetworkPolicy", () => {
    expect(namespacedPolicySelectorText({ selector: "a == 'b'", serviceAccountSelector: "all()" }, "n")).toBe(
      "((a == 'b') && projectcalico.org/namespace == 'n') && all()",
    );
  });
});

describe("globalPolicySelectorText (§D.2)", () => {
  it("appends a pcns.-prefixed namespace selector", () => {
    expect(
      globalPolicySelectorText({ selector: "mylabel == 'selectme'", namespaceSelector: "name == 'testing'" }),
    ).toBe(`(mylabel == 'selectme') && pcns.name == "testing"`);
  });

  it("rewrites a namespace selector all() to has(projectcalico.org/namespace)", () => {
    expect(globalPolicySelectorText({ selector: "mylabel == 'selectme'", namespaceSelector: "all()" })).toBe(
      "(mylabel == 'selectme') && has(projectcalico.org/namespace)",
    );
  });

  it("rewrites an SA selector all() to has(projectcalico.org/serviceaccount)", () => {
    expect(
      globalPolicySelectorText({ selector: "mylabel == 'selectme'", serviceAccountSelector: "all()" }),
    ).toBe("(mylabel == 'selectme') && has(projectcalico.org/serviceaccount)");
  });

  it("combines namespace and SA selectors when there is no selector", () => {
    expect(
      globalPolicySelectorText({
        namespaceSelector: "name == 'testing'",
        serviceAccountSelector: "role == 'development'",
      }),
    ).toBe(`(pcns.name == "testing") && pcsa.role == "development"`);
  });

  it("applies to everything when nothing is set", () => {
    const text = globalPolicySelectorText({});
    expect(text).toBe("");
    expect(parseSelector(text).canonical).toBe("all()");
  });
});
