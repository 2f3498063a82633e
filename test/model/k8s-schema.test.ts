import { describe, expect, it } from "vitest";
import type { EndpointSlice, KubernetesNetworkPolicy, Pod } from "../../src/model/types.js";
import { parseResource, validateResource } from "../../src/model/validate.js";
import { codesOf } from "../support/model-helpers.js";

const knp = (spec: unknown) => ({
  apiVersion: "networking.k8s.io/v1",
  kind: "NetworkPolicy",
  metadata: { name: "k", namespace: "n" },
  spec,
});
const SPEC_INGRESS_FROM = ["spec", "ingress", 0, "from", 0];

describe("Pod", () => {
  it("ignores Kubernetes fields policy does not use, keeping only what it does", () => {
    const pod = parseResource({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p", namespace: "n", labels: { app: "a" }, ownerReferences: [{}], somethingNew: 1 },
      spec: {
        nodeName: "n1",
        restartPolicy: "Always",
        containers: [{ name: "c", image: "nginx", ports: [{ name: "http", containerPort: 80 }] }],
      },
      status: { podIP: "10.0.0.1", conditions: [] },
    }) as Pod;
    expect(pod.spec).toEqual({
      nodeName: "n1",
      serviceAccountName: "default",
      containers: [{ name: "c", ports: [{ name: "http", containerPort: 80 }] }],
    });
    expect(pod.status).toEqual({ podIP: "10.0.0.1" });
    expect(Object.keys(pod.metadata)).toEqual(["name", "namespace", "labels"]);
  });
  it("still checks the fields it uses", () => {
    const value = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p", labels: { "a b": "x" } },
      spec: { containers: [{ name: "c", ports: [{ name: "Bad_Name", containerPort: 70000 }] }] },
      status: { podIP: "10.0.0.256" },
    };
    expect(codesOf(value)).toEqual([
      ["invalid-label-key", ["metadata", "labels", "a b"]],
      ["invalid-port-name", ["spec", "containers", 0, "ports", 0, "name"]],
      ["out-of-range", ["spec", "containers", 0, "ports", 0, "containerPort"]],
      ["invalid-ip", ["status", "podIP"]],
    ]);
  });
});

describe("EndpointSlice", () => {
  const slice = (fields: Record<string, unknown>) => ({
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: {
      name: "kube-dns-8sh2k",
      namespace: "kube-system",
      labels: { "kubernetes.io/service-name": "kube-dns" },
    },
    ...fields,
  });

  it("keeps the address type, endpoint addresses and ports, ignoring conditions and topology", () => {
    const parsed = parseResource(
      slice({
        addressType: "IPv4",
        endpoints: [
          {
            addresses: ["10.96.0.10"],
            conditions: { ready: false },
            nodeName: "n1",
            targetRef: { kind: "Pod" },
          },
        ],
        ports: [
          { name: "dns", port: 53, protocol: "UDP" },
          { name: "dns-tcp", port: 53, protocol: "TCP", appProtocol: "dns" },
          { name: "any" },
        ],
      }),
    ) as EndpointSlice;
    expect(parsed.endpoints).toEqual([{ addresses: ["10.96.0.10"] }]);
    expect(parsed.ports).toEqual([
      { name: "dns", port: 53, protocol: "UDP" },
      { name: "dns-tcp", port: 53, protocol: "TCP" },
      { name: "any" },
    ]);
    expect(parsed.metadata.labels).toEqual({ "kubernetes.io/service-name": "kube-dns" });
  });

  it("reads null or missing endpoints and ports as none", () => {
    const parsed = parseResource(slice({ addressType: "IPv6", endpoints: null })) as EndpointSlice;
    expect(parsed.endpoints).toEqual([]);
    expect(parsed.ports).toEqual([]);
  });

  it("checks each address against the address type, and accepts FQDN slices as names", () => {
    expect(
      codesOf(
        slice({
          addressType: "IPv4",
          endpoints: [{ addresses: ["10.0.0.1", "fd00::1"] }, { addresses: ["10.0.0.256"] }],
        }),
      ),
    ).toEqual([
      ["invalid-ip", ["endpoints", 0, "addresses", 1]],
      ["invalid-ip", ["endpoints", 1, "addresses", 0]],
    ]);
    expect(codesOf(slice({ addressType: "FQDN", endpoints: [{ addresses: ["db.example.com"] }] }))).toEqual(
      [],
    );
  });

  it("rejects a missing or unknown address type, a bad port and an unknown protocol", () => {
    expect(codesOf(slice({ endpoints: [] }))).toEqual([["required", ["addressType"]]]);
    expect(
      codesOf(
        slice({
          addressType: "IPv5",
          endpoints: [],
          ports: [
            { port: 0, protocol: "TCP" },
            { port: 53, protocol: "ICMP" },
          ],
        }),
      ),
    ).toEqual([
      ["invalid-enum", ["addressType"]],
      ["out-of-range", ["ports", 0, "port"]],
      ["invalid-enum", ["ports", 1, "protocol"]],
    ]);
  });
});

describe("Kubernetes NetworkPolicy", () => {
  it("accepts a full policy and defaults a missing podSelector to {}", () => {
    const policy = parseResource(
      knp({
        policyTypes: ["Ingress", "Egress"],
        ingress: [
          {
            from: [{ podSelector: { matchExpressions: [{ key: "app", operator: "In", values: ["a"] }] } }],
            ports: [{ port: 80, endPort: 90 }],
          },
        ],
        egress: [
          {
            to: [{ ipBlock: { cidr: "10.0.0.0/8", except: ["10.1.0.0/16"] } }],
            ports: [{ protocol: "UDP", port: "dns" }],
          },
        ],
      }),
    ) as KubernetesNetworkPolicy;
    expect(policy.spec.podSelector).toEqual({});
  });
  it("rejects an ipBlock combined with selectors, and an empty peer", () => {
    expect(
      codesOf(
        knp({
          podSelector: {},
          ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.0/8" }, podSelector: {} }, {}] }],
        }),
      ),
    ).toEqual([
      ["ipblock-exclusive", [...SPEC_INGRESS_FROM, "ipBlock"]],
      ["empty-peer", ["spec", "ingress", 0, "from", 1]],
    ]);
  });
  it("rejects except entries outside the cidr", () => {
    expect(
      codesOf(
        knp({
          podSelector: {},
          ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.0/16", except: ["10.1.0.0/24", "10.0.0.0/16"] } }] }],
        }),
      ),
    ).toEqual([
      ["except-outside-cidr", [...SPEC_INGRESS_FROM, "ipBlock", "except", 0]],
      ["except-outside-cidr", [...SPEC_INGRESS_FROM, "ipBlock", "except", 1]],
    ]);
  });
  it("checks matchExpressions operators and values", () => {
    const expr = (e: unknown) => knp({ podSelector: { matchExpressions: [e] } });
    expect(codesOf(expr({ key: "a", operator: "In" }))).toEqual([
      ["selector-values-required", ["spec", "podSelector", "matchExpressions", 0, "values"]],
    ]);
    expect(codesOf(expr({ key: "a", operator: "Exists", values: ["x"] }))).toEqual([
      ["selector-values-forbidden", ["spec", "podSelector", "matchExpressions", 0, "values"]],
    ]);
    expect(codesOf(expr({ key: "a", operator: "Equals" }))).toEqual([
      ["invalid-enum", ["spec", "podSelector", "matchExpressions", 0, "operator"]],
    ]);
    expect(codesOf(expr({ key: "a", operator: "In", values: ["ok", "not ok!"] }))).toEqual([
      ["invalid-label-value", ["spec", "podSelector", "matchExpressions", 0, "values", 1]],
    ]);
  });
  it("checks ports: protocol, range, named port and endPort", () => {
    const ports = (p: unknown) => knp({ podSelector: {}, ingress: [{ ports: [p] }] });
    const at = ["spec", "ingress", 0, "ports", 0];
    expect(codesOf(ports({ protocol: "ICMP" }))).toEqual([["invalid-enum", [...at, "protocol"]]]);
    expect(codesOf(ports({ port: 0 }))).toEqual([["out-of-range", [...at, "port"]]]);
    expect(codesOf(ports({ port: "http_x" }))).toEqual([["invalid-port-name", [...at, "port"]]]);
    expect(codesOf(ports({ port: "http", endPort: 90 }))).toEqual([
      ["end-port-needs-numeric-port", [...at, "endPort"]],
    ]);
    expect(codesOf(ports({ port: 100, endPort: 90 }))).toEqual([["end-port-below-port", [...at, "endPort"]]]);
  });
  it("warns when egress rules are present but policyTypes leaves out Egress", () => {
    const result = validateResource(knp({ podSelector: {}, policyTypes: ["Ingress"], egress: [{}] }));
    expect(result.ok && result.warnings.map((w) => w.code)).toEqual(["egress-rules-ignored"]);
  });
});

describe("StagedKubernetesNetworkPolicy with stagedAction Delete", () => {
  const sknp = (spec: unknown) => ({
    apiVersion: "projectcalico.org/v3",
    kind: "StagedKubernetesNetworkPolicy",
    metadata: { name: "p", namespace: "ns" },
    spec,
  });
  it("carries only the stagedAction (an empty podSelector is the zero value)", () => {
    expect(codesOf(sknp({ stagedAction: "Delete" }))).toEqual([]);
    expect(codesOf(sknp({ stagedAction: "Delete", podSelector: {} }))).toEqual([]);
    expect(
      codesOf(sknp({ stagedAction: "Delete", podSelector: { matchLabels: { a: "b" } }, ingress: [] })),
    ).toEqual([
      ["staged-delete-with-spec", ["spec", "podSelector"]],
      ["staged-delete-with-spec", ["spec", "ingress"]],
    ]);
  });
});
