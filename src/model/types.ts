/**
 * Typed Calico and Kubernetes resources, as they are after validation and defaulting.
 * Shapes follow Calico's projectcalico.org/v3 JSON (and Kubernetes' for the K8s kinds), so a
 * resource can be printed back as the user wrote it. This file is the contract between the
 * resource model (validation, conversion) and its users (engine, CLI, datastore).
 */

export type Labels = Readonly<Record<string, string>>;

/** Kubernetes-style object metadata (only what the engine uses is typed). */
export interface ObjectMeta {
  readonly name: string;
  /** Present on namespaced kinds after defaulting ("default" when omitted). */
  readonly namespace?: string;
  readonly labels?: Labels;
  readonly annotations?: Labels;
  readonly uid?: string;
  readonly resourceVersion?: string;
  readonly creationTimestamp?: string;
  /** Kubernetes kinds only: set while the object is being deleted (a terminating pod). */
  readonly deletionTimestamp?: string;
}

/** Protocol as written: a name as Calico spells it (`TCP`, see numorstring.ts) or a number 1-255. */
export type ProtocolValue = string | number;

/** Port as written: a number, digits, `"min:max"`, or a port name. */
export type PortValue = string | number;

export interface ICMPFields {
  readonly type?: number;
  readonly code?: number;
}

export interface ServiceAccountMatch {
  readonly names?: readonly string[];
  readonly selector?: string;
}

export interface ServiceMatch {
  readonly name: string;
  readonly namespace?: string;
}

export interface EntityRule {
  readonly nets?: readonly string[];
  readonly notNets?: readonly string[];
  readonly selector?: string;
  readonly notSelector?: string;
  readonly namespaceSelector?: string;
  readonly ports?: readonly PortValue[];
  readonly notPorts?: readonly PortValue[];
  readonly serviceAccounts?: ServiceAccountMatch;
  readonly services?: ServiceMatch;
}

export interface HTTPPath {
  readonly exact?: string;
  readonly prefix?: string;
}

export interface HTTPMatch {
  readonly methods?: readonly string[];
  readonly paths?: readonly HTTPPath[];
}

export type RuleAction = "Allow" | "Deny" | "Log" | "Pass";

export interface Rule {
  readonly action: RuleAction;
  readonly ipVersion?: 4 | 6;
  readonly protocol?: ProtocolValue;
  readonly notProtocol?: ProtocolValue;
  readonly icmp?: ICMPFields;
  readonly notICMP?: ICMPFields;
  readonly source?: EntityRule;
  readonly destination?: EntityRule;
  readonly http?: HTTPMatch;
  readonly metadata?: { readonly annotations?: Labels };
}

export type PolicyType = "Ingress" | "Egress";

export type StagedAction = "Set" | "Delete" | "Learn" | "Ignore";

export interface PolicySpecCommon {
  /** Defaulted to "default". */
  readonly tier: string;
  readonly order?: number;
  readonly selector?: string;
  readonly serviceAccountSelector?: string;
  readonly ingress?: readonly Rule[];
  readonly egress?: readonly Rule[];
  /** Defaulted per B.7 when omitted. */
  readonly types: readonly PolicyType[];
  readonly performanceHints?: readonly string[];
}

export interface NetworkPolicySpec extends PolicySpecCommon {}

export interface GlobalNetworkPolicySpec extends PolicySpecCommon {
  readonly namespaceSelector?: string;
  readonly doNotTrack?: boolean;
  readonly preDNAT?: boolean;
  readonly applyOnForward?: boolean;
}

export interface StagedSpecExtra {
  /** Defaulted to "Set". */
  readonly stagedAction: StagedAction;
}

export interface NetworkPolicy {
  readonly apiVersion: "projectcalico.org/v3";
  readonly kind: "NetworkPolicy";
  readonly metadata: ObjectMeta & { readonly namespace: string };
  readonly spec: NetworkPolicySpec;
}

export interface GlobalNetworkPolicy {
  readonly apiVersion: "projectcalico.org/v3";
  readonly kind: "GlobalNetworkPolicy";
  readonly metadata: ObjectMeta;
  readonly spec: GlobalNetworkPolicySpec;
}

export interface StagedNetworkPolicy {
  readonly apiVersion: "projectcalico.org/v3";
  readonly kind: "StagedNetworkPolicy";
  readonly metadata: ObjectMeta & { readonly namespace: string };
  readonly spec: NetworkPolicySpec & StagedSpecExtra;
}

export interface StagedGlobalNetworkPolicy {
  readonly apiVersion: "projectcalico.org/v3";
  readonly kind: "StagedGlobalNetworkPolicy";
  readonly metadata: ObjectMeta;
  readonly spec: GlobalNetworkPolicySpec & StagedSpecExtra;
}

export interface StagedKubernetesNetworkPolicy {
  readonly apiVersion: "projectcalico.org/v3";
  readonly kind: "StagedKubernetesNetworkPolicy";
  readonly metadata: ObjectMeta & { readonly namespace: string };
  readonly spec: KubernetesNetworkPolicySpec & { readonly stagedAction: StagedAction };
}

export interface Tier {
  readonly apiVersion: "projectcalico.org/v3";
  readonly kind: "Tier";
  readonly metadata: ObjectMeta;
  readonly spec: { readonly order?: number; readonly defaultAction: "Deny" | "Pass" };
}

export interface Profile {
  readonly apiVersion: "projectcalico.org/v3";
  readonly kind: "Profile";
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly ingress?: readonly Rule[];
    readonly egress?: readonly Rule[];
    readonly labelsToApply?: Labels;
  };
}

export interface NetworkSet {
  readonly apiVersion: "projectcalico.org/v3";
  readonly kind: "NetworkSet";
  readonly metadata: ObjectMeta & { readonly namespace: string };
  readonly spec: { readonly nets?: readonly string[] };
}

export interface GlobalNetworkSet {
  readonly apiVersion: "projectcalico.org/v3";
  readonly kind: "GlobalNetworkSet";
  readonly metadata: ObjectMeta;
  readonly spec: { readonly nets?: readonly string[] };
}

export interface EndpointPort {
  readonly name: string;
  /** "TCP" | "UDP" | "SCTP" as written (validated case-insensitively), or a number. */
  readonly protocol: ProtocolValue;
  readonly port: number;
  readonly hostPort?: number;
  readonly hostIP?: string;
}

export interface IPNAT {
  readonly internalIP: string;
  readonly externalIP: string;
}

export interface WorkloadEndpointSpec {
  readonly workload?: string;
  readonly orchestrator?: string;
  readonly node?: string;
  readonly containerID?: string;
  readonly pod?: string;
  readonly endpoint?: string;
  readonly serviceAccountName?: string;
  readonly ipNetworks?: readonly string[];
  readonly ipNATs?: readonly IPNAT[];
  readonly ipv4Gateway?: string;
  readonly ipv6Gateway?: string;
  readonly profiles?: readonly string[];
  readonly interfaceName?: string;
  readonly mac?: string;
  readonly ports?: readonly EndpointPort[];
  readonly allowSpoofedSourcePrefixes?: readonly string[];
  /** QoS limits (bandwidth, packet rate, connections, DSCP): accepted, not evaluated. */
  readonly qosControls?: Readonly<Record<string, number | string>>;
}

export interface WorkloadEndpoint {
  readonly apiVersion: "projectcalico.org/v3";
  readonly kind: "WorkloadEndpoint";
  readonly metadata: ObjectMeta & { readonly namespace: string };
  readonly spec: WorkloadEndpointSpec;
}

export interface HostEndpoint {
  readonly apiVersion: "projectcalico.org/v3";
  readonly kind: "HostEndpoint";
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly node?: string;
    readonly interfaceName?: string;
    readonly expectedIPs?: readonly string[];
    readonly profiles?: readonly string[];
    readonly ports?: readonly EndpointPort[];
  };
}

// ---- Kubernetes kinds (converted to Calico resources by convert-k8s.ts) ----

export interface Namespace {
  readonly apiVersion: "v1";
  readonly kind: "Namespace";
  readonly metadata: ObjectMeta;
}

export interface ServiceAccount {
  readonly apiVersion: "v1";
  readonly kind: "ServiceAccount";
  readonly metadata: ObjectMeta & { readonly namespace: string };
}

export interface ContainerPort {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol?: string;
  readonly hostPort?: number;
  readonly hostIP?: string;
}

export interface Pod {
  readonly apiVersion: "v1";
  readonly kind: "Pod";
  readonly metadata: ObjectMeta & { readonly namespace: string };
  readonly spec: {
    readonly nodeName?: string;
    readonly serviceAccountName?: string;
    /** Host-networked pods get no WorkloadEndpoint (Calico does not police them). */
    readonly hostNetwork?: boolean;
    readonly containers: readonly { readonly name: string; readonly ports?: readonly ContainerPort[] }[];
    readonly initContainers?: readonly {
      readonly name: string;
      readonly ports?: readonly ContainerPort[];
    }[];
  };
  readonly status?: {
    readonly podIP?: string;
    readonly podIPs?: readonly { readonly ip: string }[];
    /** "Succeeded" / "Failed" / "Completed" pods are finished: Calico gives them no WorkloadEndpoint. */
    readonly phase?: string;
  };
}

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  readonly values?: readonly string[];
}

export interface LabelSelector {
  readonly matchLabels?: Labels;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

export interface KubernetesNetworkPolicyPort {
  readonly protocol?: string;
  readonly port?: number | string;
  readonly endPort?: number;
}

export interface KubernetesNetworkPolicyPeer {
  readonly podSelector?: LabelSelector;
  readonly namespaceSelector?: LabelSelector;
  readonly ipBlock?: { readonly cidr: string; readonly except?: readonly string[] };
}

export interface KubernetesNetworkPolicySpec {
  readonly podSelector: LabelSelector;
  readonly policyTypes?: readonly PolicyType[];
  readonly ingress?: readonly {
    readonly from?: readonly KubernetesNetworkPolicyPeer[];
    readonly ports?: readonly KubernetesNetworkPolicyPort[];
  }[];
  readonly egress?: readonly {
    readonly to?: readonly KubernetesNetworkPolicyPeer[];
    readonly ports?: readonly KubernetesNetworkPolicyPort[];
  }[];
}

export interface KubernetesNetworkPolicy {
  readonly apiVersion: "networking.k8s.io/v1";
  readonly kind: "NetworkPolicy";
  readonly metadata: ObjectMeta & { readonly namespace: string };
  readonly spec: KubernetesNetworkPolicySpec;
}

/** A port of an EndpointSlice; without `port` it contributes no service IP-set member (Felix). */
export interface EndpointSlicePort {
  readonly name?: string;
  readonly port?: number;
  /** TCP when omitted. */
  readonly protocol?: "TCP" | "UDP" | "SCTP";
}

/**
 * EndpointSlice (discovery.k8s.io/v1): the addresses and ports behind a Service, which Felix reads
 * directly to build the IP sets of rules with `services`.
 */
export interface EndpointSlice {
  readonly apiVersion: "discovery.k8s.io/v1";
  readonly kind: "EndpointSlice";
  /** `labels["kubernetes.io/service-name"]` names the Service. */
  readonly metadata: ObjectMeta & { readonly namespace: string };
  readonly addressType: "IPv4" | "IPv6" | "FQDN";
  readonly endpoints: readonly { readonly addresses: readonly string[] }[];
  readonly ports: readonly EndpointSlicePort[];
}

/** Calico kinds the engine evaluates directly. */
export type CalicoResource =
  | WorkloadEndpoint
  | NetworkPolicy
  | GlobalNetworkPolicy
  | StagedNetworkPolicy
  | StagedGlobalNetworkPolicy
  | StagedKubernetesNetworkPolicy
  | Tier
  | Profile
  | NetworkSet
  | GlobalNetworkSet
  | HostEndpoint;

/** Kubernetes kinds the engine accepts: converted the way Calico does, or (EndpointSlice) read as Felix does. */
export type KubernetesResource = Namespace | ServiceAccount | Pod | KubernetesNetworkPolicy | EndpointSlice;

/** Every resource `loadManifests` and `PolicyEngine.apply` accept. */
export type Resource = CalicoResource | KubernetesResource;

/** A reference to a resource: kind as written (e.g. "NetworkPolicy"), name, namespace if namespaced. */
export interface ResourceRef {
  readonly apiVersion?: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}
