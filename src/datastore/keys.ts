/**
 * Calico's etcdv3 key layout for v3 resources:
 * `/calico/resources/v3/projectcalico.org/<plural>/[<namespace>/]<name>` (libcalico-go
 * `model.ResourceKey`: lower-case plural, namespace segment only for namespaced kinds, no escaping).
 */

/** The prefix under which Calico's etcdv3 datastore keeps projectcalico.org/v3 resources. */
export const DEFAULT_PREFIX = "/calico/resources/v3/projectcalico.org/";

/** A Calico kind the engine evaluates, as stored in etcd. */
export type StoredKind =
  | "WorkloadEndpoint"
  | "NetworkPolicy"
  | "GlobalNetworkPolicy"
  | "StagedNetworkPolicy"
  | "StagedGlobalNetworkPolicy"
  | "StagedKubernetesNetworkPolicy"
  | "Tier"
  | "Profile"
  | "NetworkSet"
  | "GlobalNetworkSet"
  | "HostEndpoint";

interface KindInfo {
  readonly kind: StoredKind;
  readonly plural: string;
  readonly namespaced: boolean;
}

const KINDS: readonly KindInfo[] = [
  { kind: "WorkloadEndpoint", plural: "workloadendpoints", namespaced: true },
  { kind: "NetworkPolicy", plural: "networkpolicies", namespaced: true },
  { kind: "GlobalNetworkPolicy", plural: "globalnetworkpolicies", namespaced: false },
  { kind: "StagedNetworkPolicy", plural: "stagednetworkpolicies", namespaced: true },
  { kind: "StagedGlobalNetworkPolicy", plural: "stagedglobalnetworkpolicies", namespaced: false },
  { kind: "StagedKubernetesNetworkPolicy", plural: "stagedkubernetesnetworkpolicies", namespaced: true },
  { kind: "Tier", plural: "tiers", namespaced: false },
  { kind: "Profile", plural: "profiles", namespaced: false },
  { kind: "NetworkSet", plural: "networksets", namespaced: true },
  { kind: "GlobalNetworkSet", plural: "globalnetworksets", namespaced: false },
  { kind: "HostEndpoint", plural: "hostendpoints", namespaced: false },
];

const BY_PLURAL: ReadonlyMap<string, KindInfo> = new Map(KINDS.map((k) => [k.plural, k]));
const BY_KIND: ReadonlyMap<string, KindInfo> = new Map(KINDS.map((k) => [k.kind, k]));

/** The resource a key names; `namespace` is present exactly for namespaced kinds. */
export interface StoredRef {
  readonly kind: StoredKind;
  readonly name: string;
  readonly namespace?: string;
}

/** Why a key does not name a resource the engine evaluates. */
export type KeyErrorCode = "outside-prefix" | "unknown-kind" | "malformed-key";

/** A key that could not be mapped, as data. */
export interface KeyIssue {
  readonly code: KeyErrorCode;
  readonly message: string;
  readonly key: string;
}

/** Thrown by {@link keyToRef} and {@link refToKey}. */
export class KeyError extends Error {
  override readonly name = "KeyError";
  constructor(readonly issue: KeyIssue) {
    super(issue.message);
  }
}

/** Maps a key to the resource it names, or says why it does not name one. */
export function safeKeyToRef(
  key: string,
  prefix: string = DEFAULT_PREFIX,
): { readonly ok: true; readonly ref: StoredRef } | { readonly ok: false; readonly issue: KeyIssue } {
  const fail = (code: KeyErrorCode, message: string) => ({
    ok: false as const,
    issue: { code, message, key },
  });
  if (!key.startsWith(prefix))
    return fail("outside-prefix", `key ${JSON.stringify(key)} is not under ${prefix}`);
  const segments = key.slice(prefix.length).split("/");
  const plural = segments[0] ?? "";
  const info = BY_PLURAL.get(plural);
  // Calico keeps other kinds under the same prefix (ippools, nodes, felixconfigurations...);
  // they are not errors, just not policy-relevant.
  if (info === undefined)
    return fail("unknown-kind", `${JSON.stringify(plural)} is not a kind the engine evaluates`);
  const expected = info.namespaced ? 3 : 2;
  const shape = info.namespaced ? `${plural}/<namespace>/<name>` : `${plural}/<name>`;
  if (segments.length !== expected || segments.some((s) => s === "")) {
    return fail("malformed-key", `key ${JSON.stringify(key)} does not match ${prefix}${shape}`);
  }
  const ref: StoredRef = info.namespaced
    ? { kind: info.kind, namespace: segments[1]!, name: segments[2]! }
    : { kind: info.kind, name: segments[1]! };
  return { ok: true, ref };
}

/** Maps a key to the resource it names; throws {@link KeyError} when it names none. */
export function keyToRef(key: string, prefix: string = DEFAULT_PREFIX): StoredRef {
  const result = safeKeyToRef(key, prefix);
  if (!result.ok) throw new KeyError(result.issue);
  return result.ref;
}

/** What {@link refToKey} needs: a resource or a reference to one. */
export type KeySource =
  | {
      readonly kind: string;
      readonly name: string;
      readonly namespace?: string;
      readonly apiVersion?: string;
    }
  | {
      readonly kind: string;
      readonly apiVersion?: string;
      readonly metadata: { readonly name: string; readonly namespace?: string };
    };

/** The etcd key Calico stores a resource (or a reference to one) under; throws {@link KeyError}. */
export function refToKey(source: KeySource, prefix: string = DEFAULT_PREFIX): string {
  const { name, namespace } = "metadata" in source ? source.metadata : source;
  const info = BY_KIND.get(source.kind);
  const where = `${source.kind} ${namespace === undefined ? "" : `${namespace}/`}${name}`;
  const fail = (code: KeyErrorCode, message: string): never => {
    throw new KeyError({ code, message, key: where });
  };
  // A Kubernetes NetworkPolicy shares its kind with Calico's; Calico's etcd never holds it.
  if (
    info === undefined ||
    (source.apiVersion !== undefined && source.apiVersion !== "projectcalico.org/v3")
  ) {
    return fail(
      "unknown-kind",
      `${where}: kind ${source.kind} (${source.apiVersion ?? "no apiVersion"}) is not stored in Calico's etcd`,
    );
  }
  if (!isSegment(name))
    fail("malformed-key", `${where}: name ${JSON.stringify(name)} cannot be a key segment`);
  if (!info.namespaced) return `${prefix}${info.plural}/${name}`;
  if (namespace === undefined || !isSegment(namespace)) {
    fail("malformed-key", `${where}: a ${info.kind} needs a namespace, got ${JSON.stringify(namespace)}`);
  }
  return `${prefix}${info.plural}/${namespace}/${name}`;
}

/** The plural Calico uses in keys for a kind, or undefined when Calico's etcd does not hold the kind. */
export function pluralOf(kind: string): string | undefined {
  return BY_KIND.get(kind)?.plural;
}

function isSegment(value: string): boolean {
  return value !== "" && !value.includes("/");
}
