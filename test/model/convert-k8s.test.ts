import { describe, expect, it } from "vitest";
import {
  kubernetesNetworkPolicyToCalico,
  namespaceToProfile,
  podToWorkloadEndpoint,
  serviceAccountToProfile,
  stagedKubernetesNetworkPolicyToCalico,
  toCalicoResources,
  vethNameForWorkload,
} from "../../src/model/convert-k8s.js";
import type {
  KubernetesNetworkPolicy,
  Namespace,
  Pod,
  Resource,
  ServiceAccount,
  StagedKubernetesNetworkPolicy,
  Tier,
} from "../../src/model/types.js";
import { parseResource, validateResource } from "../../src/model/validate.js";

const ns = parseResource({
  apiVersion: "v1",
  kind: "Namespace",
  metadata: { name: "shop", labels: { team: "a" } },
}) as Namespace;

function pod(
  spec: Record<string, unknown>,
  status: Record<string, unknown> | undefined,
  metadata: Record<string, unknown> = {},
): Pod {
  return parseResource({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web-1", namespace: "shop", labels: { app: "web" }, ...metadata },
    spec: { containers: [], ...spec },
    ...(status === undefined ? {} : { status }),
  }) as Pod;
}

function knp(spec: Record<string, unknown>): KubernetesNetworkPolicy {
  return parseResource({
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: "allow-web", namespace: "shop", uid: "u-1" },
    spec,
  }) as KubernetesNetworkPolicy;
}

describe("namespaceToProfile", () => {
  it("makes kns.<name> with pcns. labels, its name label and allow-all rules", () => {
    const profile = namespaceToProfile(ns);
    expect(profile.metadata.name).toBe("kns.shop");
    // kubernetes.io/metadata.name is the API server's: every namespace has it.
    expect({ ...profile.spec.labelsToApply }).toEqual({
      "pcns.team": "a",
      "pcns.kubernetes.io/metadata.name": "shop",
      "pcns.projectcalico.org/name": "shop",
    });
    expect(profile.spec.ingress).toEqual([{ action: "Allow" }]);
    expect(profile.spec.egress).toEqual([{ action: "Allow" }]);
  });
  it("produces a profile that validates", () => {
    expect(validateResource(namespaceToProfile(ns)).ok).toBe(true);
  });
});

describe("serviceAccountToProfile", () => {
  it("makes ksa.<ns>.<name> with pcsa. labels and no rules", () => {
    const sa = parseResource({
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: "api", namespace: "shop", labels: { role: "x" } },
    }) as ServiceAccount;
    const profile = serviceAccountToProfile(sa);
    expect(profile.metadata.name).toBe("ksa.shop.api");
    expect({ ...profile.spec.labelsToApply }).toEqual({
      "pcsa.role": "x",
      "pcsa.projectcalico.org/name": "api",
    });
    expect(profile.spec.ingress).toBeUndefined();
    expect(profile.spec.egress).toBeUndefined();
  });
  it("places a service account without a namespace in 'default'", () => {
    const sa = parseResource({
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: "api" },
    }) as ServiceAccount;
    expect(serviceAccountToProfile(sa).metadata.name).toBe("ksa.default.api");
  });
});

describe("podToWorkloadEndpoint", () => {
  it("builds Calico's WEP: name, labels, profiles, spec and named ports", () => {
    const wep = podToWorkloadEndpoint(
      pod(
        {
          nodeName: "node-1",
          serviceAccountName: "api",
          containers: [
            {
              name: "c",
              ports: [
                { name: "http", containerPort: 8080 },
                { containerPort: 9000 },
                { name: "dns", containerPort: 53, protocol: "UDP" },
              ],
            },
          ],
          initContainers: [
            { name: "i", ports: [{ containerPort: 7000, hostPort: 17000, protocol: "SCTP" }] },
          ],
        },
        { podIP: "10.0.0.5", podIPs: [{ ip: "10.0.0.5" }, { ip: "fd00::5" }] },
      ),
    );
    expect(wep?.metadata.name).toBe("node--1-k8s-web--1-eth0");
    expect(wep?.metadata.namespace).toBe("shop");
    expect({ ...wep?.metadata.labels }).toEqual({
      app: "web",
      "projectcalico.org/namespace": "shop",
      "projectcalico.org/orchestrator": "k8s",
      "projectcalico.org/serviceaccount": "api",
    });
    expect(wep?.spec).toEqual({
      orchestrator: "k8s",
      node: "node-1",
      pod: "web-1",
      endpoint: "eth0",
      serviceAccountName: "api",
      ipNetworks: ["10.0.0.5/32", "fd00::5/128"],
      profiles: ["kns.shop", "ksa.shop.api"],
      interfaceName: vethNameForWorkload("shop", "web-1"),
      ports: [
        { name: "http", protocol: "TCP", port: 8080 },
        { name: "dns", protocol: "UDP", port: 53 },
        { name: "", protocol: "SCTP", port: 7000, hostPort: 17000 },
      ],
    });
    expect(validateResource(wep).ok).toBe(true);
  });
  it("names the host-side interface as Calico does: cali + 11 hex digits of SHA-1", () => {
    expect(vethNameForWorkload("default", "nginx")).toMatch(/^cali[0-9a-f]{11}$/);
    expect(vethNameForWorkload("default", "nginx")).not.toBe(vethNameForWorkload("default", "nginx2"));
  });
  it("takes IPs where getPodIPs does: status.podIPs, status.podIP, then the Calico and AWS annotations", () => {
    expect(podToWorkloadEndpoint(pod({ nodeName: "n" }, { podIP: "10.0.0.7" }))?.spec.ipNetworks).toEqual([
      "10.0.0.7/32",
    ]);
    const annotations = { "cni.projectcalico.org/podIPs": "10.9.0.1/32,fd00::9/128" };
    // The status wins over the annotation.
    expect(
      podToWorkloadEndpoint(pod({ nodeName: "n" }, { podIP: "10.0.0.7" }, { annotations }))?.spec.ipNetworks,
    ).toEqual(["10.0.0.7/32"]);
    expect(podToWorkloadEndpoint(pod({ nodeName: "n" }, {}, { annotations }))?.spec.ipNetworks).toEqual([
      "10.9.0.1/32",
      "fd00::9/128",
    ]);
    const aws = { annotations: { "vpc.amazonaws.com/pod-ips": "10.2.0.7" } };
    expect(podToWorkloadEndpoint(pod({ nodeName: "n" }, undefined, aws))?.spec.ipNetworks).toEqual([
      "10.2.0.7/32",
    ]);
  });
  it("refuses an address annotation entry getPodIPs cannot parse, at the annotation, when Calico would read it", () => {
    const withAnnotation = (key: string, value: string, status?: object) =>
      validateResource({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "p", namespace: "n", annotations: { [key]: value } },
        spec: { nodeName: "n", containers: [] },
        ...(status === undefined ? {} : { status }),
      });
    for (const [key, value, entry] of [
      ["cni.projectcalico.org/podIPs", "10.9.9.9/32,,fd00::1", ""],
      ["cni.projectcalico.org/podIPs", "10.9.9.9/32, fd00::1", " fd00::1"],
      ["cni.projectcalico.org/podIP", "10.9.9.9/33", "10.9.9.9/33"],
      ["vpc.amazonaws.com/pod-ips", "010.1.1.1", "010.1.1.1"],
    ] as const) {
      const result = withAnnotation(key, value);
      expect(result.ok, value).toBe(false);
      if (result.ok) continue;
      expect(result.issues).toEqual([
        expect.objectContaining({ code: "invalid-ip", path: ["metadata", "annotations", key], value: entry }),
      ]);
    }
    // Not read, so not checked: the status has the address, or the pod is host-networked.
    expect(withAnnotation("cni.projectcalico.org/podIPs", "garbage", { podIP: "10.0.0.3" }).ok).toBe(true);
    expect(
      validateResource({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "p", namespace: "n", annotations: { "cni.projectcalico.org/podIPs": "garbage" } },
        spec: { nodeName: "n", hostNetwork: true, containers: [] },
      }).ok,
    ).toBe(true);
  });
  it("has no endpoint for a terminating pod whose CNI took its IP away, or in phase Completed (IsFinished)", () => {
    const terminating = (podIP: string) =>
      pod(
        { nodeName: "n" },
        { podIP: "10.0.0.3", phase: "Running" },
        { deletionTimestamp: "2024-01-01T00:00:00Z", annotations: { "cni.projectcalico.org/podIP": podIP } },
      );
    expect(podToWorkloadEndpoint(terminating(""))).toBeUndefined();
    // Still in its grace period with its IP: still policed.
    expect(podToWorkloadEndpoint(terminating("10.0.0.3/32"))?.spec.ipNetworks).toEqual(["10.0.0.3/32"]);
    expect(
      podToWorkloadEndpoint(pod({ nodeName: "n" }, { podIP: "10.0.0.1", phase: "Completed" })),
    ).toBeUndefined();
  });
  it("reads deletionTimestamp only as the API server writes it, an RFC 3339 time", () => {
    for (const bad of [1700000000, { seconds: 5 }, "", "yesterday"]) {
      const result = validateResource({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "p", namespace: "n", deletionTimestamp: bad },
        spec: { containers: [] },
      });
      expect(!result.ok && result.issues.map((i) => i.path), JSON.stringify(bad)).toEqual([
        ["metadata", "deletionTimestamp"],
      ]);
    }
  });
  it("keeps each of many pod addresses once", () => {
    const ips = Array.from({ length: 30_000 }, (_, i) => ({ ip: `fd00::${(i % 20_000).toString(16)}` }));
    const wep = podToWorkloadEndpoint(pod({ nodeName: "n" }, { podIPs: ips }));
    expect(wep?.spec.ipNetworks).toHaveLength(20_000);
  });
  it("returns undefined without an IP, for host-networked pods and for finished pods", () => {
    expect(podToWorkloadEndpoint(pod({ nodeName: "n" }, undefined))).toBeUndefined();
    expect(
      podToWorkloadEndpoint(pod({ nodeName: "n", hostNetwork: true }, { podIP: "10.0.0.1" })),
    ).toBeUndefined();
    expect(
      podToWorkloadEndpoint(pod({ nodeName: "n" }, { podIP: "10.0.0.1", phase: "Succeeded" })),
    ).toBeUndefined();
  });
  it("uses node 'unknown' for an unscheduled pod, and the default service account when none is named", () => {
    const wep = podToWorkloadEndpoint(pod({}, { podIP: "10.0.0.1" }));
    expect(wep?.metadata.name).toBe("unknown-k8s-web--1-eth0");
    // The ServiceAccount admission plugin names `default`; the deprecated serviceAccount field counts too.
    expect(wep?.spec.profiles).toEqual(["kns.shop", "ksa.shop.default"]);
    expect(wep?.metadata.labels?.["projectcalico.org/serviceaccount"]).toBe("default");
    expect(
      podToWorkloadEndpoint(pod({ serviceAccount: "legacy" }, { podIP: "10.0.0.1" }))?.spec
        .serviceAccountName,
    ).toBe("legacy");
  });
  it("leaves a mirror pod without a service account, as the admission plugin does", () => {
    const mirror = pod({}, { podIP: "10.0.0.1" }, { annotations: { "kubernetes.io/config.mirror": "x" } });
    const wep = podToWorkloadEndpoint(mirror);
    expect(wep?.spec.profiles).toEqual(["kns.shop"]);
    expect(wep?.metadata.labels?.["projectcalico.org/serviceaccount"]).toBeUndefined();
  });
});

describe("kubernetesNetworkPolicyToCalico", () => {
  it("names it knp.default.<name> in tier default with order 1000 and the k8s pod selector", () => {
    const policy = kubernetesNetworkPolicyToCalico(knp({ podSelector: { matchLabels: { app: "web" } } }));
    expect(policy.metadata).toEqual({ name: "knp.default.allow-web", namespace: "shop", uid: "u-1" });
    expect(policy.spec).toEqual({
      tier: "default",
      order: 1000,
      selector: "projectcalico.org/orchestrator == 'k8s' && app == 'web'",
      ingress: [],
      egress: [],
      types: ["Ingress"],
    });
    expect(validateResource(policy).ok).toBe(true);
  });
  it("turns an empty 'from' into one allow-all rule, and no rules into none (deny)", () => {
    expect(kubernetesNetworkPolicyToCalico(knp({ podSelector: {}, ingress: [{}] })).spec.ingress).toEqual([
      { action: "Allow" },
    ]);
    expect(kubernetesNetworkPolicyToCalico(knp({ podSelector: {}, ingress: [] })).spec.ingress).toEqual([]);
  });
  it("converts pod, namespace and ipBlock peers", () => {
    const policy = kubernetesNetworkPolicyToCalico(
      knp({
        podSelector: {},
        ingress: [
          {
            from: [
              { podSelector: { matchLabels: { app: "api" } } },
              { namespaceSelector: { matchLabels: { team: "a" } }, podSelector: {} },
              { namespaceSelector: {} },
              { ipBlock: { cidr: "10.1.2.3/16", except: ["10.1.5.0/24"] } },
            ],
          },
        ],
      }),
    );
    expect(policy.spec.ingress).toEqual([
      { action: "Allow", source: { selector: "projectcalico.org/orchestrator == 'k8s' && app == 'api'" } },
      {
        action: "Allow",
        source: { selector: "projectcalico.org/orchestrator == 'k8s'", namespaceSelector: "team == 'a'" },
      },
      {
        action: "Allow",
        source: { selector: "projectcalico.org/orchestrator == 'k8s'", namespaceSelector: "all()" },
      },
      { action: "Allow", source: { nets: ["10.1.0.0/16"], notNets: ["10.1.5.0/24"] } },
    ]);
  });
  it("groups ports by protocol (TCP by default), with named ports and endPort ranges", () => {
    const policy = kubernetesNetworkPolicyToCalico(
      knp({
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [
          {
            to: [{ ipBlock: { cidr: "0.0.0.0/0" } }],
            ports: [
              { port: 443 },
              { port: 8000, endPort: 8080 },
              { port: "metrics" },
              { protocol: "UDP", port: 53 },
              { protocol: "SCTP" },
            ],
          },
        ],
      }),
    );
    expect(policy.spec.types).toEqual(["Egress"]);
    expect(policy.spec.egress).toEqual([
      { action: "Allow", protocol: "SCTP", destination: { nets: ["0.0.0.0/0"] } },
      {
        action: "Allow",
        protocol: "TCP",
        destination: { nets: ["0.0.0.0/0"], ports: ["metrics", 443, "8000:8080"] },
      },
      { action: "Allow", protocol: "UDP", destination: { nets: ["0.0.0.0/0"], ports: [53] } },
    ]);
    expect(validateResource(policy).ok).toBe(true);
  });
  it("lets a port entry without a port open every port of its protocol", () => {
    const policy = kubernetesNetworkPolicyToCalico(
      knp({ podSelector: {}, ingress: [{ ports: [{ port: 80 }, { protocol: "TCP" }, { port: 81 }] }] }),
    );
    expect(policy.spec.ingress).toEqual([{ action: "Allow", protocol: "TCP" }]);
  });
  it("emits protocols outside and peers inside, as Calico's converter orders the rules", () => {
    const policy = kubernetesNetworkPolicyToCalico(
      knp({
        podSelector: {},
        ingress: [
          {
            from: [
              { podSelector: { matchLabels: { app: "a" } } },
              { podSelector: { matchLabels: { app: "c" } } },
            ],
            ports: [{ protocol: "UDP", port: 53 }, { port: 80 }],
          },
        ],
      }),
    );
    expect(policy.spec.ingress?.map((r) => [r.protocol, r.source?.selector])).toEqual([
      ["TCP", "projectcalico.org/orchestrator == 'k8s' && app == 'a'"],
      ["TCP", "projectcalico.org/orchestrator == 'k8s' && app == 'c'"],
      ["UDP", "projectcalico.org/orchestrator == 'k8s' && app == 'a'"],
      ["UDP", "projectcalico.org/orchestrator == 'k8s' && app == 'c'"],
    ]);
  });
  it("takes types from policyTypes, and defaults to Ingress only", () => {
    expect(
      kubernetesNetworkPolicyToCalico(knp({ podSelector: {}, policyTypes: ["Egress", "Ingress"] })).spec
        .types,
    ).toEqual(["Ingress", "Egress"]);
    // Without policyTypes the API server defaults them: Ingress, plus Egress when there are egress rules.
    expect(kubernetesNetworkPolicyToCalico(knp({ podSelector: {}, egress: [{}] })).spec.types).toEqual([
      "Ingress",
      "Egress",
    ]);
    expect(kubernetesNetworkPolicyToCalico(knp({ podSelector: {}, egress: [] })).spec.types).toEqual([
      "Ingress",
    ]);
    expect(kubernetesNetworkPolicyToCalico(knp({ podSelector: {} })).spec.types).toEqual(["Ingress"]);
    // Written types are kept, egress rules or not (Calico warns and ignores them).
    expect(
      kubernetesNetworkPolicyToCalico(knp({ podSelector: {}, policyTypes: ["Ingress"], egress: [{}] })).spec
        .types,
    ).toEqual(["Ingress"]);
  });
});

describe("staged Kubernetes policies and toCalicoResources", () => {
  const sknp = (spec: Record<string, unknown>) =>
    parseResource({
      apiVersion: "projectcalico.org/v3",
      kind: "StagedKubernetesNetworkPolicy",
      metadata: { name: "s", namespace: "shop" },
      spec,
    }) as StagedKubernetesNetworkPolicy;
  it("converts a StagedKubernetesNetworkPolicy to a StagedNetworkPolicy keeping its stagedAction", () => {
    const staged = stagedKubernetesNetworkPolicyToCalico(sknp({ podSelector: {}, ingress: [{}] }));
    expect(staged.kind).toBe("StagedNetworkPolicy");
    expect(staged.metadata.name).toBe("knp.default.s");
    expect(staged.spec).toMatchObject({ stagedAction: "Set", order: 1000, ingress: [{ action: "Allow" }] });
    expect(validateResource(staged).ok).toBe(true);
    const deletion = stagedKubernetesNetworkPolicyToCalico(sknp({ podSelector: {}, stagedAction: "Delete" }));
    expect(deletion.spec).toEqual({ tier: "default", types: ["Ingress"], stagedAction: "Delete" });
    expect(validateResource(deletion).ok).toBe(true);
  });
  it("dispatches every kind: Calico kinds unchanged, Kubernetes kinds converted, IP-less pods dropped", () => {
    const tier = parseResource({
      apiVersion: "projectcalico.org/v3",
      kind: "Tier",
      metadata: { name: "t" },
    }) as Tier;
    expect(toCalicoResources(tier)).toEqual([tier]);
    expect(toCalicoResources(ns).map((r) => r.metadata.name)).toEqual(["kns.shop"]);
    expect(toCalicoResources(pod({ nodeName: "n" }, undefined))).toEqual([]);
    expect(toCalicoResources(knp({ podSelector: {} }) as Resource)[0]?.metadata.name).toBe(
      "knp.default.allow-web",
    );
    expect(toCalicoResources(sknp({ podSelector: {} }))[0]?.kind).toBe("StagedNetworkPolicy");
  });
});
