import { describe, expect, it } from "vitest";
import type { WorkloadEndpoint } from "../../src/model/types.js";
import { validateResource } from "../../src/model/validate.js";
import { codesOf, issuesOf } from "../support/model-helpers.js";

const v1 = (metadata: Record<string, unknown>, spec: Record<string, unknown> = {}) => ({
  apiVersion: "v1",
  kind: "workloadEndpoint",
  metadata: {
    name: "eth0",
    workload: "default.frontend-5gs43",
    orchestrator: "k8s",
    node: "rack1-host1",
    ...metadata,
  },
  spec,
});

describe("legacy v1 workloadEndpoint", () => {
  it("converts a Kubernetes endpoint: namespace and pod from the workload, labels and profiles renamed", () => {
    const result = validateResource(
      v1(
        { labels: { app: "frontend", "calico/k8s_ns": "default" } },
        {
          ipNetworks: ["192.168.0.0/32"],
          profiles: ["k8s_ns.default", "profile1"],
          interfaceName: "cali0ef24ba",
          mac: "ca:fe:1d:52:bb:e9",
        },
      ),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const wep = result.resource as WorkloadEndpoint;
    expect(wep.metadata.name).toBe("rack1--host1-k8s-frontend--5gs43-eth0");
    expect(wep.metadata.namespace).toBe("default");
    expect({ ...wep.metadata.labels }).toEqual({
      app: "frontend",
      "projectcalico.org/namespace": "default",
      "projectcalico.org/orchestrator": "k8s",
    });
    expect(wep.spec).toEqual({
      orchestrator: "k8s",
      node: "rack1-host1",
      pod: "frontend-5gs43",
      endpoint: "eth0",
      ipNetworks: ["192.168.0.0/32"],
      profiles: ["kns.default", "profile1"],
      interfaceName: "cali0ef24ba",
      mac: "ca:fe:1d:52:bb:e9",
    });
    expect(result.warnings.map((w) => w.code)).toEqual(["legacy-v1"]);
  });
  it("spells v1's lower-case port protocols as v3 does (ProtocolV3FromProtocolV1)", () => {
    const result = validateResource(
      v1(
        {},
        {
          ipNetworks: ["192.168.0.1/32"],
          interfaceName: "cali0ef24ba",
          ports: [
            { name: "http", protocol: "tcp", port: 80 },
            { name: "dns", protocol: "udp", port: 53 },
          ],
        },
      ),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect((result.resource as WorkloadEndpoint).spec.ports).toEqual([
      { name: "http", protocol: "TCP", port: 80 },
      { name: "dns", protocol: "UDP", port: 53 },
    ]);
  });
  it("keeps the workload of other orchestrators, in namespace default, with v3-legal names", () => {
    const result = validateResource(
      v1({ orchestrator: "cni", workload: "VM_01", node: "Host_A" }, { interfaceName: "tap0" }),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.resource.metadata).toMatchObject({ name: "host--a-cni-vm--01-eth0", namespace: "default" });
    expect((result.resource as WorkloadEndpoint).spec).toMatchObject({
      workload: "vm-01",
      node: "host-a",
      endpoint: "eth0",
    });
  });
  it("reports v1 structural problems at their v1 paths", () => {
    expect(codesOf(v1({ node: undefined, labels: { "a b": "c" } }, { ipNetworks: ["x"], extra: 1 }))).toEqual(
      [
        ["required", ["metadata", "node"]],
        ["invalid-label-key", ["metadata", "labels", "a b"]],
        ["invalid-cidr", ["spec", "ipNetworks", 0]],
        ["unknown-field", ["spec", "extra"]],
      ],
    );
  });
  it("reports v3 rule violations found after conversion", () => {
    const [issue] = issuesOf(v1({}, { ipNetworks: ["10.0.0.0/24"], interfaceName: "tap0" }));
    expect(issue?.code).toBe("ip-network-not-host");
    expect(issue?.message).toContain("after conversion to projectcalico.org/v3");
  });
  it("reports an endpoint name that cannot be encoded", () => {
    expect(codesOf(v1({ name: "-eth0" }))).toEqual([["invalid-name", ["metadata"]]]);
  });
});
