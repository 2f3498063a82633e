import { describe, expect, it } from "vitest";
import type { HostEndpoint, WorkloadEndpoint } from "../../src/model/types.js";
import { validateResource } from "../../src/model/validate.js";
import { codesOf, issuesOf, workloadEndpoint } from "../support/model-helpers.js";

const port = (p: Record<string, unknown>) => ({ name: "http", protocol: "TCP", port: 80, ...p });

describe("WorkloadEndpoint spec", () => {
  it("accepts every documented field", () => {
    const result = validateResource(
      workloadEndpoint({
        workload: "frontend",
        orchestrator: "k8s",
        node: "node1",
        containerID: "1337495556942031415926535",
        pod: "my-nginx-b1337a",
        endpoint: "eth0",
        serviceAccountName: "default",
        ipNetworks: ["192.168.0.1/32", "fd00::1/128", "10.0.0.9"],
        ipNATs: [{ internalIP: "192.168.0.1", externalIP: "172.16.0.1" }],
        ipv4Gateway: "169.254.1.1",
        ipv6Gateway: "fe80::1",
        profiles: ["kns.default", "ksa.default.default"],
        interfaceName: "cali0ef24ba",
        mac: "ca:fe:1d:52:bb:e9",
        ports: [
          port({}),
          port({ name: "dns", protocol: "UDP", port: 53, hostPort: 5353, hostIP: "10.0.0.1" }),
        ],
        allowSpoofedSourcePrefixes: ["10.1.0.0/16"],
      }),
    );
    expect(result.ok).toBe(true);
    expect((result as { resource: WorkloadEndpoint }).resource.spec.profiles).toEqual([
      "kns.default",
      "ksa.default.default",
    ]);
  });
  it("reads an empty string as absent where Go's tag is omitempty, as Calico's CNI writes a named port's hostIP", () => {
    const empties = {
      workload: "",
      orchestrator: "",
      node: "",
      containerID: "",
      pod: "",
      endpoint: "",
      serviceAccountName: "",
      ipv4Gateway: "",
      ipv6Gateway: "",
      mac: "",
    };
    const result = validateResource(
      workloadEndpoint({ ...empties, ports: [port({ hostPort: 0, hostIP: "" })] }),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const spec = (result.resource as WorkloadEndpoint).spec;
    for (const key of Object.keys(empties)) expect(spec, key).not.toHaveProperty(key);
    expect(spec.ports).toEqual([{ name: "http", protocol: "TCP", port: 80, hostPort: 0 }]);
    // interfaceName's tag has no omitempty: "" stays an error there.
    expect(codesOf(workloadEndpoint({ interfaceName: "" }))).toEqual([
      ["invalid-interface-name", ["spec", "interfaceName"]],
    ]);
  });
  it("rejects ipNetworks wider than one address", () => {
    expect(codesOf(workloadEndpoint({ ipNetworks: ["10.0.0.0/24", "fd00::/64", "10.0.0.1/32"] }))).toEqual([
      ["ip-network-not-host", ["spec", "ipNetworks", 0]],
      ["ip-network-not-host", ["spec", "ipNetworks", 1]],
    ]);
  });
  it("rejects a NAT whose internalIP is not one of the endpoint's addresses", () => {
    const [issue] = issuesOf(
      workloadEndpoint({
        ipNetworks: ["10.0.0.1/32"],
        ipNATs: [{ internalIP: "10.0.0.2", externalIP: "172.16.0.1" }],
      }),
    );
    expect(issue).toMatchObject({
      code: "nat-not-in-networks",
      path: ["spec", "ipNATs", 0, "internalIP"],
      value: "10.0.0.2",
    });
  });
  it("rejects gateways of the wrong family and invalid addresses", () => {
    expect(
      codesOf(
        workloadEndpoint({
          ipv4Gateway: "fe80::1",
          ipv6Gateway: "10.0.0.1",
          ipNATs: [{ internalIP: "x", externalIP: "1.2.3" }],
        }),
      ),
    ).toEqual([
      ["invalid-ip", ["spec", "ipNATs", 0, "internalIP"]],
      ["invalid-ip", ["spec", "ipNATs", 0, "externalIP"]],
      ["invalid-ip", ["spec", "ipv4Gateway"]],
      ["invalid-ip", ["spec", "ipv6Gateway"]],
    ]);
  });
  it("accepts MAC-48, EUI-48 and EUI-64 in colon, hyphen and dot forms, and rejects others", () => {
    for (const mac of [
      "ca:fe:1d:52:bb:e9",
      "CA-FE-1D-52-BB-E9",
      "cafe.1d52.bbe9",
      "02:00:5e:10:00:00:00:01",
    ]) {
      expect(codesOf(workloadEndpoint({ mac }))).toEqual([]);
    }
    for (const mac of ["ca:fe:1d:52:bb", "ca:fe:1d:52:bb:e9:00", "ca-fe:1d:52:bb:e9", "zz:fe:1d:52:bb:e9"]) {
      expect(codesOf(workloadEndpoint({ mac }))).toEqual([["invalid-mac", ["spec", "mac"]]]);
    }
  });
  it("rejects invalid names for node, orchestrator, pod, profiles and the interface", () => {
    expect(
      codesOf(
        workloadEndpoint({ node: "Node_1", profiles: ["ok", "Not OK"], interfaceName: "cali0ef24ba0123456" }),
      ),
    ).toEqual([
      ["invalid-name", ["spec", "node"]],
      ["invalid-name", ["spec", "profiles", 1]],
      ["invalid-interface-name", ["spec", "interfaceName"]],
    ]);
  });
  it("rejects a containerID with characters other than letters, digits and '-'", () => {
    expect(codesOf(workloadEndpoint({ containerID: "abc_def" }))).toEqual([
      ["invalid-container-id", ["spec", "containerID"]],
    ]);
  });
});

describe("WorkloadEndpoint ports", () => {
  it("requires a name unless hostPort is set", () => {
    expect(codesOf(workloadEndpoint({ ports: [{ protocol: "TCP", port: 80 }] }))).toEqual([
      ["port-name-required", ["spec", "ports", 0, "name"]],
    ]);
    expect(codesOf(workloadEndpoint({ ports: [{ protocol: "TCP", port: 80, hostPort: 8080 }] }))).toEqual([]);
  });
  it("accepts a name used twice, as Calico does (both ports join the named-port set)", () => {
    expect(codesOf(workloadEndpoint({ ports: [port({}), port({ protocol: "UDP", port: 81 })] }))).toEqual([]);
  });
  it("accepts TCP, UDP and SCTP as Calico spells them and rejects protocols without ports", () => {
    expect(codesOf(workloadEndpoint({ ports: [port({ protocol: "SCTP" })] }))).toEqual([]);
    expect(codesOf(workloadEndpoint({ ports: [port({ protocol: "sctp" })] }))).toEqual([
      ["invalid-protocol", ["spec", "ports", 0, "protocol"]],
    ]);
    expect(codesOf(workloadEndpoint({ ports: [port({ protocol: "ICMP" })] }))).toEqual([
      ["port-protocol-without-ports", ["spec", "ports", 0, "protocol"]],
    ]);
  });
  it("rejects port 0 and ports above 65535, and a missing protocol", () => {
    expect(
      codesOf(
        workloadEndpoint({
          ports: [port({ port: 0 }), port({ name: "b", port: 70000 }), { name: "c", port: 1 }],
        }),
      ),
    ).toEqual([
      ["out-of-range", ["spec", "ports", 0, "port"]],
      ["out-of-range", ["spec", "ports", 1, "port"]],
      ["required", ["spec", "ports", 2, "protocol"]],
    ]);
  });
  it("rejects port names that are not valid Kubernetes port names", () => {
    expect(codesOf(workloadEndpoint({ ports: [port({ name: "Some_Port" })] }))).toEqual([
      ["invalid-port-name", ["spec", "ports", 0, "name"]],
    ]);
  });
});

describe("HostEndpoint", () => {
  const hep = (spec: unknown) => ({
    apiVersion: "projectcalico.org/v3",
    kind: "HostEndpoint",
    metadata: { name: "h" },
    spec,
  });
  it("accepts an interface (or '*') with expected IPs, profiles and ports", () => {
    const result = validateResource(
      hep({ node: "n1", interfaceName: "*", expectedIPs: ["10.0.0.1"], profiles: ["p"], ports: [port({})] }),
    );
    expect(result.ok && (result.resource as HostEndpoint).spec.interfaceName).toBe("*");
  });
  it("needs interfaceName or expectedIPs", () => {
    expect(codesOf(hep({ node: "n1" }))).toEqual([["host-endpoint-needs-interface-or-ips", ["spec"]]]);
    // interfaceName is `omitempty,interface`: "" is absent, fine beside expectedIPs, not alone.
    expect(codesOf(hep({ node: "n1", interfaceName: "", expectedIPs: ["10.0.0.1"] }))).toEqual([]);
    expect(codesOf(hep({ node: "n1", interfaceName: "" }))).toEqual([
      ["host-endpoint-needs-interface-or-ips", ["spec"]],
    ]);
  });
  it("is cluster-scoped: metadata.namespace is rejected", () => {
    const value = {
      apiVersion: "projectcalico.org/v3",
      kind: "HostEndpoint",
      metadata: { name: "h", namespace: "x" },
      spec: { node: "n1", interfaceName: "eth0" },
    };
    expect(codesOf(value)).toEqual([["cluster-scoped", ["metadata", "namespace"]]]);
  });
  it("needs a node (validateHostEndpointSpec)", () => {
    expect(codesOf(hep({ interfaceName: "eth0" }))).toEqual([["host-endpoint-needs-node", ["spec", "node"]]]);
  });
  it("takes the API's EndpointPort: a name is required and there is no hostPort", () => {
    expect(
      codesOf(hep({ node: "n1", interfaceName: "eth0", ports: [{ protocol: "TCP", port: 80 }] })),
    ).toEqual([["required", ["spec", "ports", 0, "name"]]]);
    expect(
      codesOf(hep({ node: "n1", interfaceName: "eth0", ports: [{ ...port({}), hostPort: 8080 }] })).map(
        ([c]) => c,
      ),
    ).toEqual(["unknown-field"]);
  });
});

describe("WorkloadEndpoint interface, NATs and QoS", () => {
  it("requires interfaceName (Calico's interface tag has no omitempty) and accepts '*'", () => {
    expect(codesOf(workloadEndpoint({ interfaceName: undefined }))).toEqual([
      ["required", ["spec", "interfaceName"]],
    ]);
    expect(codesOf(workloadEndpoint({ interfaceName: "*" }))).toEqual([]);
  });
  it("refuses a NAT whose addresses are of different families", () => {
    expect(
      codesOf(
        workloadEndpoint({
          ipNetworks: ["10.0.0.1/32"],
          ipNATs: [{ internalIP: "10.0.0.1", externalIP: "fd00::1" }],
        }),
      ),
    ).toEqual([["nat-ip-version-mismatch", ["spec", "ipNATs", 0, "externalIP"]]]);
  });
  it("accepts qosControls (not evaluated) and checks their values", () => {
    expect(codesOf(workloadEndpoint({ qosControls: { ingressBandwidth: 1_000_000, dscp: "AF11" } }))).toEqual(
      [],
    );
    expect(codesOf(workloadEndpoint({ qosControls: { ingressBandwidth: -1 } })).map(([c]) => c)).toEqual([
      "out-of-range",
    ]);
  });
});
