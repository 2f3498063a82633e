import { describe, expect, it } from "vitest";
import {
  prefixAndAppendSelector,
  replaceAll,
  replaceAllWithHasNamespace,
  replaceAllWithHasServiceAccount,
  replaceGlobalWithNotHasNamespace,
  ruleNamespaceSelector,
} from "../../src/selector/index.js";

describe("replaceAll", () => {
  it("replaces every occurrence like Go's strings.Replace(s, from, to, -1)", () => {
    expect(replaceAll("all() || all()", "all()", "x")).toBe("x || x");
  });

  it("takes the replacement literally, so $& is not a pattern", () => {
    expect(replaceAll("all()", "all()", "$&$&")).toBe("$&$&");
  });

  it("leaves text unchanged for an empty search string", () => {
    expect(replaceAll("abc", "", "x")).toBe("abc");
  });
});

describe("namespace and service-account rewrites", () => {
  it("turns all() into has(projectcalico.org/namespace)", () => {
    expect(replaceAllWithHasNamespace("all()")).toBe("has(projectcalico.org/namespace)");
  });

  it("turns global() into !has(projectcalico.org/namespace)", () => {
    expect(replaceGlobalWithNotHasNamespace("global()")).toBe("!has(projectcalico.org/namespace)");
  });

  it("rewrites inside string literals too, exactly as Calico's text replacement does", () => {
    expect(replaceAllWithHasNamespace('a == "all()"')).toBe('a == "has(projectcalico.org/namespace)"');
  });

  it("turns all() into has(projectcalico.org/serviceaccount)", () => {
    expect(replaceAllWithHasServiceAccount("(x) && all()")).toBe(
      "(x) && has(projectcalico.org/serviceaccount)",
    );
  });
});

describe("prefixAndAppendSelector", () => {
  // globalnetworkpolicyprocessor_test.go / networkpolicyprocessor_test.go (§D.1, §D.2).
  it("appends a prefixed namespace selector", () => {
    expect(prefixAndAppendSelector("mylabel == 'selectme'", "name == 'testing'", "pcns.")).toBe(
      "(mylabel == 'selectme') && pcns.name == \"testing\"",
    );
  });

  it("appends a prefixed service-account selector to a namespaced policy selector", () => {
    const nsScoped = "(mylabel == 'selectme') && projectcalico.org/namespace == 'namespace2'";
    expect(prefixAndAppendSelector(nsScoped, "role == 'development'", "pcsa.")).toBe(
      "((mylabel == 'selectme') && projectcalico.org/namespace == 'namespace2') && pcsa.role == \"development\"",
    );
  });

  it("returns the prefixed selector alone when there is no current selector", () => {
    const withNs = prefixAndAppendSelector("", "name == 'testing'", "pcns.");
    expect(prefixAndAppendSelector(withNs, "role == 'development'", "pcsa.")).toBe(
      '(pcns.name == "testing") && pcsa.role == "development"',
    );
  });

  it("keeps all() so the caller can replace it", () => {
    const sel = prefixAndAppendSelector("mylabel == 'selectme'", "all()", "pcns.");
    expect(replaceAllWithHasNamespace(sel)).toBe(
      "(mylabel == 'selectme') && has(projectcalico.org/namespace)",
    );
  });

  it("silently drops an unparsable or empty additional selector", () => {
    expect(prefixAndAppendSelector("has(a)", "role ==", "pcsa.")).toBe("has(a)");
    expect(prefixAndAppendSelector("has(a)", "", "pcsa.")).toBe("has(a)");
  });
});

describe("ruleNamespaceSelector", () => {
  it.each([
    ["namespacelabel1 == 'value1'", 'pcns.namespacelabel1 == "value1"'],
    ["all()", "has(projectcalico.org/namespace)"],
    ["global()", "!has(projectcalico.org/namespace)"],
    ["", ""],
  ])("converts namespaceSelector %j to %j", (input, expected) => {
    expect(ruleNamespaceSelector(input)).toBe(expected);
  });
});
