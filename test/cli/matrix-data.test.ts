import { describe, expect, it } from "vitest";
import { bruteForceMatrix, cell, classMatrix } from "../../src/cli/equivalence.js";
import { bufferIo } from "../../src/cli/io.js";
import { checkCell, type MatrixEndpoint, matrixEndpoints } from "../../src/cli/matrix-data.js";
import { loadCluster } from "../../src/cli/sources.js";
import { PolicyEngine } from "../../src/index.js";
import { EXAMPLE } from "./run-cli.js";

function expectSameAsBruteForce(
  engine: PolicyEngine,
  endpoints: readonly MatrixEndpoint[],
  protocol: string,
  port: number,
) {
  const check = (s: MatrixEndpoint, d: MatrixEndpoint) => checkCell(engine, s, d, protocol, port);
  const classes = classMatrix(endpoints, (e) => e.signature, check);
  const brute = bruteForceMatrix(endpoints, check);
  for (let i = 0; i < endpoints.length; i++) {
    for (let j = 0; j < endpoints.length; j++) {
      expect(cell(classes, i, j), `${endpoints[i]!.id} → ${endpoints[j]!.id} ${protocol}/${port}`).toEqual(
        brute[i]![j],
      );
    }
  }
  return classes;
}

describe("matrixEndpoints on the example cluster", () => {
  it("groups interchangeable replicas and gives the brute-force verdict for every pair on every port", async () => {
    const { engine, loaded } = await loadCluster({ files: [EXAMPLE.cluster], etcd: undefined }, bufferIo({}));
    const endpoints = matrixEndpoints(engine, loaded.resources, undefined);
    expect(endpoints).toHaveLength(16);
    const ports: [string, number][] = [
      ["TCP", 8000],
      ["TCP", 5432],
      ["TCP", 9090],
      ["TCP", 8443],
      ["TCP", 6379],
      ["UDP", 53],
    ];
    for (const [protocol, port] of ports) {
      const matrix = expectSameAsBruteForce(engine, endpoints, protocol, port);
      // web-1/web-2, api-1/api-2 and coredns-1/coredns-2 are replicas; the postgres pods differ by a
      // label; the reporter differs from the worker by its egress policy.
      expect(matrix.classes).toHaveLength(13);
    }
  });
});

describe("matrixEndpoints signatures", () => {
  const pod = (name: string, ip: string) => ({
    apiVersion: "projectcalico.org/v3",
    kind: "WorkloadEndpoint",
    metadata: { name, namespace: "ns", labels: { app: "x" } },
    spec: {
      node: "n",
      orchestrator: "k8s",
      pod: name,
      endpoint: "eth0",
      interfaceName: "cali0",
      ipNetworks: [`${ip}/32`],
      profiles: ["open"],
      ports: [{ name: "http", protocol: "TCP", port: 80 }],
    },
  });

  function classesFor(extra: readonly unknown[]) {
    const open = {
      apiVersion: "projectcalico.org/v3",
      kind: "Profile",
      metadata: { name: "open" },
      spec: { ingress: [{ action: "Allow" }], egress: [{ action: "Allow" }] },
    };
    const resources = [open, pod("a", "10.0.0.1"), pod("b", "10.0.0.2"), pod("c", "10.0.1.1"), ...extra];
    const engine = new PolicyEngine();
    engine.apply(resources);
    const endpoints = matrixEndpoints(engine, resources as never, undefined);
    return { engine, endpoints, matrix: expectSameAsBruteForce(engine, endpoints, "TCP", 80) };
  }

  it("puts endpoints that differ only in address in one class when no CIDR tells them apart", () => {
    expect(classesFor([]).matrix.classes).toEqual([[0, 1, 2]]);
  });

  it("separates addresses that a rule's nets tell apart, and stays exact", () => {
    const gnp = {
      apiVersion: "projectcalico.org/v3",
      kind: "GlobalNetworkPolicy",
      metadata: { name: "deny-subnet" },
      spec: {
        selector: "all()",
        types: ["Ingress"],
        ingress: [{ action: "Deny", source: { nets: ["10.0.1.0/24"] } }, { action: "Allow" }],
      },
    };
    const { matrix } = classesFor([gnp]);
    expect(matrix.classes).toEqual([[0, 1], [2]]);
    expect(cell(matrix, 2, 0).allowed).toBe(false);
    expect(cell(matrix, 0, 2).allowed).toBe(true);
  });

  it("separates addresses inside a labelled network set, which rule selectors match", () => {
    const set = {
      apiVersion: "projectcalico.org/v3",
      kind: "GlobalNetworkSet",
      metadata: { name: "legacy", labels: { zone: "legacy" } },
      spec: { nets: ["10.0.0.2/32"] },
    };
    const gnp = {
      apiVersion: "projectcalico.org/v3",
      kind: "GlobalNetworkPolicy",
      metadata: { name: "no-legacy" },
      spec: {
        selector: "all()",
        types: ["Ingress"],
        ingress: [{ action: "Deny", source: { selector: 'zone == "legacy"' } }, { action: "Allow" }],
      },
    };
    const { matrix } = classesFor([set, gnp]);
    expect(matrix.classes).toEqual([[0, 2], [1]]);
    expect(cell(matrix, 1, 0).allowed).toBe(false);
  });

  it("separates addresses behind a Service that a rule names (EndpointSlice addresses)", () => {
    const slice = {
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: { name: "svc-1", namespace: "ns", labels: { "kubernetes.io/service-name": "svc" } },
      addressType: "IPv4",
      endpoints: [{ addresses: ["10.0.0.1"] }],
      ports: [{ name: "http", port: 80, protocol: "TCP" }],
    };
    const policy = {
      apiVersion: "projectcalico.org/v3",
      kind: "NetworkPolicy",
      metadata: { name: "from-svc", namespace: "ns" },
      spec: {
        selector: "all()",
        types: ["Ingress"],
        ingress: [{ action: "Allow", source: { services: { name: "svc" } } }],
      },
    };
    const { matrix } = classesFor([slice, policy]);
    expect(matrix.classes).toEqual([[0], [1, 2]]);
    expect(cell(matrix, 0, 1).allowed).toBe(true);
    expect(cell(matrix, 1, 0).allowed).toBe(false);
  });

  it("gives an endpoint whose address another workload also holds a class of its own", () => {
    const twin = {
      ...pod("twin", "10.0.0.2"),
      metadata: { name: "twin", namespace: "other", labels: { special: "yes" } },
    };
    const policy = {
      apiVersion: "projectcalico.org/v3",
      kind: "GlobalNetworkPolicy",
      metadata: { name: "to-special" },
      spec: {
        selector: "all()",
        types: ["Egress"],
        egress: [{ action: "Allow", destination: { selector: "special == 'yes'" } }],
      },
    };
    const { matrix, endpoints } = classesFor([twin, policy]);
    const b = endpoints.findIndex((e) => e.id === "ns/b");
    const c = endpoints.findIndex((e) => e.id === "ns/c");
    expect(matrix.classOf[b]).not.toBe(matrix.classOf[c]);
    expect(cell(matrix, c, b).allowed).toBe(true);
    expect(cell(matrix, b, c).allowed).toBe(false);
  });

  it("names endpoints that would show alike by their WorkloadEndpoint names", () => {
    const eth1 = {
      ...pod("a", "10.0.0.9"),
      metadata: { name: "a-eth1", namespace: "ns", labels: { app: "x" } },
    };
    const { endpoints } = classesFor([eth1]);
    expect(endpoints.map((e) => e.id)).toEqual(["ns/a", "ns/a-eth1", "ns/b", "ns/c"]);
    // pod("a") is named "a" with spec.pod "a"; the second, "a-eth1", also has spec.pod "a".
    expect(new Set(endpoints.map((e) => e.id)).size).toBe(endpoints.length);
  });

  it("names each endpoint so that check resolves the name to it (a WorkloadEndpoint name wins over a pod name)", () => {
    const wep = (name: string, podName: string, ip: string) => ({
      ...pod(name, ip),
      spec: { ...pod(name, ip).spec, pod: podName },
    });
    // "q" names a WorkloadEndpoint, so pod q's endpoint cannot be "ns/q"; pod z has two endpoints.
    const { endpoints, engine } = classesFor([
      wep("n1-k8s-q-eth0", "q", "10.0.2.1"),
      wep("q", "z", "10.0.2.2"),
      wep("z2", "z", "10.0.2.3"),
    ]);
    const ids = endpoints.map((e) => e.id);
    expect(ids).toEqual(["ns/a", "ns/b", "ns/c", "ns/n1-k8s-q-eth0", "ns/q", "ns/z2"]);
    for (const e of endpoints)
      expect(engine.explain(e.id).endpoint, e.id).toEqual({ namespace: "ns", name: e.name });
  });

  it("leaves out a WorkloadEndpoint without addresses, which Calico drops", () => {
    const bare = { ...pod("bare", "10.0.0.9"), spec: { ...pod("bare", "x").spec, ipNetworks: [] } };
    const { endpoints } = classesFor([bare]);
    expect(endpoints.map((e) => e.id)).toEqual(["ns/a", "ns/b", "ns/c"]);
  });

  it("denies cells between workloads with no address family in common, saying so", () => {
    const v6 = { ...pod("v6", "10.0.0.9"), spec: { ...pod("v6", "x").spec, ipNetworks: ["fd00::6/128"] } };
    const { endpoints, matrix } = classesFor([v6]);
    const six = endpoints.findIndex((e) => e.id === "ns/v6");
    expect(cell(matrix, 0, six)).toEqual({ allowed: false, decidedBy: "no common address family" });
  });
});
