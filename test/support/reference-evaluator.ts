/**
 * A naive reference evaluator for flow checks, written straight from calico-semantics.md with no
 * index, no caching and no compilation: every question is answered by scanning every resource.
 * The conformance suite runs the same table against it and against PolicyEngine.
 */
import ipaddr from "ipaddr.js";
import { toCalicoResources } from "../../src/model/convert-k8s.js";
import { parsePort, parseProtocol } from "../../src/model/numorstring.js";
import type {
  CalicoResource,
  EndpointSlice,
  EntityRule,
  Profile,
  Resource,
  Rule,
} from "../../src/model/types.js";
import { validateResource } from "../../src/model/validate.js";
import type { DecidedBy } from "../../src/policy/types.js";
import { parseSelector, prefixSelector } from "../../src/selector/index.js";

/** The reference's answer for one direction (no trace). */
export interface ReferenceDirection {
  readonly endpoint: string;
  readonly action: "allow" | "deny";
  readonly decidedBy: DecidedBy;
  /** Calico's pending verdict, when staged policies (other than Delete) apply. */
  readonly staged?: { readonly action: "allow" | "deny"; readonly decidedBy: DecidedBy };
}

/** The reference's answer for a flow. */
export interface ReferenceVerdict {
  readonly allowed: boolean;
  readonly egress: ReferenceDirection | null;
  readonly ingress: ReferenceDirection | null;
}

/** A flow as the reference takes it (endpoints as "ns/name"). */
export interface ReferenceFlow {
  readonly protocol: string | number;
  readonly source: { readonly endpoint?: string; readonly ip?: string; readonly port?: number };
  readonly destination: { readonly endpoint?: string; readonly ip?: string; readonly port?: number };
  readonly icmp?: { readonly type: number; readonly code?: number };
}

interface Thing {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly pod: string | undefined;
  readonly labels: Record<string, string>;
  readonly profiles: readonly string[];
  readonly nets: readonly string[];
  readonly ports: readonly { name: string; protocol: string | number; port: number }[];
}

interface Policy {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly tier: string;
  readonly order: number | undefined;
  readonly selector: string;
  readonly types: readonly string[];
  readonly ingress: readonly Rule[];
  readonly egress: readonly Rule[];
  readonly staged: boolean;
  readonly stagedAction: string | undefined;
}

const NS = "projectcalico.org/namespace";

/** Evaluates `flow` over `resources` (validated and converted here, all at once). */
export function referenceCheck(resources: readonly unknown[], flow: ReferenceFlow): ReferenceVerdict {
  return referenceEvaluator(resources)(flow);
}

/** Loads `resources` once and returns a checker (for baselines that check many flows). */
export function referenceEvaluator(resources: readonly unknown[]): (flow: ReferenceFlow) => ReferenceVerdict {
  const calico: CalicoResource[] = [];
  const slices: EndpointSlice[] = [];
  for (const raw of resources) {
    const v = validateResource(raw);
    if (!v.ok) throw new Error(`reference: invalid resource ${JSON.stringify(v.issues)}`);
    const resource = v.resource as Resource;
    if (resource.kind === "EndpointSlice") slices.push(resource);
    calico.push(...toCalicoResources(resource));
  }
  const world = new World(calico, slices);
  return (flow) => world.check(flow);
}

class World {
  readonly things: Thing[] = [];
  /** Calico always provides `projectcalico-default-allow`: one Allow rule each way, no labels. */
  readonly profiles = new Map<string, Profile>([
    [
      "projectcalico-default-allow",
      {
        apiVersion: "projectcalico.org/v3",
        kind: "Profile",
        metadata: { name: "projectcalico-default-allow" },
        spec: { ingress: [{ action: "Allow" }], egress: [{ action: "Allow" }] },
      },
    ],
  ]);
  readonly tiers = new Map<string, { order: number | undefined; defaultAction: string }>();
  readonly policies: Policy[] = [];

  constructor(
    resources: readonly CalicoResource[],
    readonly slices: readonly EndpointSlice[],
  ) {
    for (const r of resources) this.add(r);
  }

  add(r: CalicoResource): void {
    const meta = r.metadata;
    const labels = { ...(meta.labels ?? {}) };
    switch (r.kind) {
      case "WorkloadEndpoint": {
        for (const k of Object.keys(labels))
          if (k.startsWith("pcns.") || k.startsWith("pcsa.")) delete labels[k];
        labels[NS] = meta.namespace ?? "";
        if (r.spec.orchestrator) labels["projectcalico.org/orchestrator"] = r.spec.orchestrator;
        if (r.spec.serviceAccountName) labels["projectcalico.org/serviceaccount"] = r.spec.serviceAccountName;
        this.things.push({
          kind: r.kind,
          namespace: meta.namespace ?? "",
          name: meta.name,
          pod: r.spec.pod,
          labels,
          profiles: r.spec.profiles ?? [],
          nets: r.spec.ipNetworks ?? [],
          ports: r.spec.ports ?? [],
        });
        return;
      }
      case "HostEndpoint":
        this.things.push({
          kind: r.kind,
          namespace: "",
          name: meta.name,
          pod: undefined,
          labels,
          profiles: r.spec.profiles ?? [],
          nets: r.spec.expectedIPs ?? [],
          ports: r.spec.ports ?? [],
        });
        return;
      case "NetworkSet":
        labels[NS] = meta.namespace ?? "";
        this.things.push({
          kind: r.kind,
          namespace: meta.namespace ?? "",
          name: meta.name,
          pod: undefined,
          labels,
          profiles: [`kns.${meta.namespace}`],
          nets: r.spec.nets ?? [],
          ports: [],
        });
        return;
      case "GlobalNetworkSet":
        this.things.push({
          kind: r.kind,
          namespace: "",
          name: meta.name,
          pod: undefined,
          labels,
          profiles: [],
          nets: r.spec.nets ?? [],
          ports: [],
        });
        return;
      case "Profile":
        this.profiles.set(meta.name, r);
        return;
      case "Tier":
        this.tiers.set(meta.name, { order: r.spec.order, defaultAction: r.spec.defaultAction });
        return;
      case "NetworkPolicy":
      case "StagedNetworkPolicy": {
        const ns = meta.namespace ?? "";
        let sel = r.spec.selector ? `(${r.spec.selector}) && ${NS} == '${ns}'` : `${NS} == '${ns}'`;
        if (r.spec.serviceAccountSelector)
          sel = `(${sel}) && ${prefixed(r.spec.serviceAccountSelector, "pcsa.")}`;
        this.addPolicy(r.kind, ns, meta.name, r.spec, sel, r.kind === "StagedNetworkPolicy");
        return;
      }
      case "GlobalNetworkPolicy":
      case "StagedGlobalNetworkPolicy": {
        let sel = r.spec.selector ?? "";
        if (r.spec.namespaceSelector) {
          const p = prefixed(r.spec.namespaceSelector, "pcns.");
          sel = (sel ? `(${sel}) && ${p}` : p).replaceAll("all()", `has(${NS})`);
        }
        if (r.spec.serviceAccountSelector) {
          const p = prefixed(r.spec.serviceAccountSelector, "pcsa.");
          sel = (sel ? `(${sel}) && ${p}` : p).replaceAll("all()", "has(projectcalico.org/serviceaccount)");
        }
        // Untracked and pre-DNAT policies only program host endpoints.
        if (r.spec.doNotTrack || r.spec.preDNAT) return;
        this.addPolicy(r.kind, "", meta.name, r.spec, sel, r.kind === "StagedGlobalNetworkPolicy");
        return;
      }
      case "StagedKubernetesNetworkPolicy":
        return;
    }
  }

  addPolicy(
    kind: string,
    namespace: string,
    name: string,
    spec: {
      tier: string;
      order?: number;
      types: readonly string[];
      ingress?: readonly Rule[];
      egress?: readonly Rule[];
      stagedAction?: string;
    },
    selector: string,
    staged: boolean,
  ): void {
    this.policies.push({
      kind,
      namespace,
      name,
      tier: spec.tier || "default",
      order: spec.order,
      selector,
      types: spec.types.length > 0 ? spec.types : ["Ingress", "Egress"],
      ingress: spec.ingress ?? [],
      egress: spec.egress ?? [],
      staged,
      stagedAction: staged ? (spec.stagedAction ?? "Set") : undefined,
    });
  }

  effective(t: Thing): Record<string, string> {
    const out: Record<string, string> = {};
    for (const p of [...t.profiles].reverse())
      Object.assign(out, this.profiles.get(p)?.spec.labelsToApply ?? {});
    return Object.assign(out, t.labels);
  }

  byName(ref: string): Thing {
    const [ns, name] = ref.split("/");
    const t = this.things.find(
      (x) => x.kind === "WorkloadEndpoint" && x.namespace === ns && (x.name === name || x.pod === name),
    );
    if (t === undefined) throw new Error(`reference: unknown endpoint ${ref}`);
    return t;
  }

  check(flow: ReferenceFlow): ReferenceVerdict {
    const proto = parseProtocol(flow.protocol)!.number;
    const src = this.side(flow.source);
    const dst = this.side(flow.destination);
    const family = src.ip?.kind() ?? dst.ip?.kind() ?? (proto === 58 ? "ipv6" : "ipv4");
    const srcIp = src.ip ?? firstOf(src.thing!, family);
    const dstIp = dst.ip ?? firstOf(dst.thing!, family);
    const packet: Pkt = {
      proto,
      family,
      src: srcIp,
      dst: dstIp,
      sport: flow.source.port ?? 0,
      dport: flow.destination.port ?? 0,
      icmp: flow.icmp,
    };
    const egress = src.thing ? this.direction(src.thing, "egress", packet) : null;
    const ingress = dst.thing ? this.direction(dst.thing, "ingress", packet) : null;
    return {
      allowed: (egress?.action ?? "allow") === "allow" && (ingress?.action ?? "allow") === "allow",
      egress,
      ingress,
    };
  }

  side(peer: ReferenceFlow["source"]): {
    thing: Thing | undefined;
    ip: ipaddr.IPv4 | ipaddr.IPv6 | undefined;
  } {
    const ip = peer.ip === undefined ? undefined : ipaddr.parse(peer.ip);
    if (peer.endpoint !== undefined) return { thing: this.byName(peer.endpoint), ip };
    const owner = this.things.find(
      (t) => t.kind === "WorkloadEndpoint" && t.nets.some((n) => sameAddress(n.split("/")[0]!, ip!)),
    );
    return { thing: owner, ip };
  }

  /**
   * The enforced verdict, plus the pending one when a staged policy applies: staged policies other
   * than Delete evaluated with the enforced ones as though promoted (Felix's checker).
   */
  direction(t: Thing, dir: "ingress" | "egress", p: Pkt): ReferenceDirection {
    const enforced = this.walk(t, dir, p, false);
    const wanted = dir === "ingress" ? "Ingress" : "Egress";
    const labels = this.effective(t);
    const stagedApplies = this.policies.some(
      (pol) =>
        pol.staged &&
        pol.stagedAction !== "Delete" &&
        pol.types.includes(wanted) &&
        parseSelector(pol.selector).matches(labels),
    );
    if (!stagedApplies) return enforced;
    const pending = this.walk(t, dir, p, true);
    return { ...enforced, staged: { action: pending.action, decidedBy: pending.decidedBy } };
  }

  walk(t: Thing, dir: "ingress" | "egress", p: Pkt, pending: boolean): ReferenceDirection {
    const endpoint = `${t.namespace}/${t.name}`;
    const labels = this.effective(t);
    const wanted = dir === "ingress" ? "Ingress" : "Egress";
    const applicable = this.policies.filter(
      (pol) =>
        (pending ? pol.stagedAction !== "Delete" : !pol.staged) &&
        pol.types.includes(wanted) &&
        parseSelector(pol.selector).matches(labels),
    );
    const tierNames = [...new Set(applicable.map((pol) => pol.tier))];
    const tierInfo = (n: string) => {
      const known = this.tiers.get(n);
      if (known) return { exists: true, ...known };
      if (n === "default") return { exists: true, order: 1_000_000, defaultAction: "Deny" };
      return { exists: false, order: undefined, defaultAction: "Deny" };
    };
    tierNames.sort((a, b) => {
      const x = tierInfo(a);
      const y = tierInfo(b);
      if (x.exists !== y.exists) return x.exists ? -1 : 1;
      const ox = x.order ?? Number.POSITIVE_INFINITY;
      const oy = y.order ?? Number.POSITIVE_INFINITY;
      if (ox !== oy) return ox - oy;
      return a < b ? -1 : a > b ? 1 : 0;
    });
    for (const tierName of tierNames) {
      const pols = applicable
        .filter((pol) => pol.tier === tierName)
        .sort((a, b) => {
          const ox = a.order ?? Number.POSITIVE_INFINITY;
          const oy = b.order ?? Number.POSITIVE_INFINITY;
          if (ox !== oy) return ox - oy;
          const ka = `${a.name}/${a.namespace}/${a.kind}`;
          const kb = `${b.name}/${b.namespace}/${b.kind}`;
          return ka < kb ? -1 : ka > kb ? 1 : 0;
        });
      let passed = false;
      outer: for (const pol of pols) {
        const rules = dir === "ingress" ? pol.ingress : pol.egress;
        for (let i = 0; i < rules.length; i++) {
          const rule = rules[i]!;
          if (!this.ruleMatches(rule, pol.namespace, p)) continue;
          const ref = pol.namespace
            ? { kind: pol.kind, name: pol.name, namespace: pol.namespace }
            : { kind: pol.kind, name: pol.name };
          if (rule.action === "Allow")
            return {
              endpoint,
              action: "allow",
              decidedBy: { kind: "rule", tier: tierName, policy: ref, ruleIndex: i },
            };
          if (rule.action === "Deny")
            return {
              endpoint,
              action: "deny",
              decidedBy: { kind: "rule", tier: tierName, policy: ref, ruleIndex: i },
            };
          if (rule.action === "Pass") {
            passed = true;
            break outer;
          }
        }
      }
      if (!passed && tierInfo(tierName).defaultAction !== "Pass") {
        return { endpoint, action: "deny", decidedBy: { kind: "end-of-tier", tier: tierName } };
      }
    }
    for (const name of t.profiles) {
      const prof = this.profiles.get(name);
      const rules = (dir === "ingress" ? prof?.spec.ingress : prof?.spec.egress) ?? [];
      for (let i = 0; i < rules.length; i++) {
        const rule = rules[i]!;
        if (!this.ruleMatches(rule, "", p)) continue;
        if (rule.action === "Allow" || rule.action === "Deny") {
          return {
            endpoint,
            action: rule.action === "Allow" ? "allow" : "deny",
            decidedBy: { kind: "profile-rule", profile: name, ruleIndex: i },
          };
        }
        if (rule.action === "Pass") break;
      }
    }
    return { endpoint, action: "deny", decidedBy: { kind: "no-match" } };
  }

  ruleMatches(rule: Rule, ns: string, p: Pkt): boolean {
    const fam = p.family === "ipv4" ? 4 : 6;
    if (rule.ipVersion !== undefined && rule.ipVersion !== fam) return false;
    for (const e of [rule.source, rule.destination]) {
      for (const list of [e?.nets, e?.notNets]) {
        if (list && list.length > 0 && !list.some((n) => ipaddr.parseCIDR(n)[0].kind() === p.family))
          return false;
      }
    }
    if (rule.protocol !== undefined && parseProtocol(rule.protocol)!.number !== p.proto) return false;
    if (rule.notProtocol !== undefined && parseProtocol(rule.notProtocol)!.number === p.proto) return false;
    const icmpHit = (f: { type?: number; code?: number }) =>
      p.icmp !== undefined && f.type === p.icmp.type && (f.code === undefined || f.code === p.icmp.code);
    if (rule.icmp?.type !== undefined && !icmpHit(rule.icmp)) return false;
    if (rule.notICMP?.type !== undefined && icmpHit(rule.notICMP)) return false;
    const setProto =
      rule.protocol === undefined
        ? "any"
        : (["udp", "sctp"].find((x) => parseProtocol(rule.protocol!)!.number === (x === "udp" ? 17 : 132)) ??
          "tcp");
    return (
      this.entityMatches(rule.source ?? {}, ns, p.src, p.sport, p, setProto, false) &&
      this.entityMatches(rule.destination ?? {}, ns, p.dst, p.dport, p, setProto, true)
    );
  }

  entityMatches(
    e: EntityRule,
    ns: string,
    ip: ipaddr.IPv4 | ipaddr.IPv6,
    port: number,
    p: Pkt,
    setProto: string,
    destination: boolean,
  ): boolean {
    const inNet = (n: string) => {
      const c = ipaddr.parseCIDR(n);
      return c[0].kind() === ip.kind() && ip.match(c);
    };
    if (e.nets && e.nets.length > 0 && !e.nets.some(inNet)) return false;
    if (e.notNets?.some(inNet)) return false;
    // §D.3 rewriting, spelled out.
    let nsSel = "";
    if (e.namespaceSelector) {
      nsSel = prefixed(e.namespaceSelector, "pcns.")
        .replaceAll("all()", `has(${NS})`)
        .replaceAll("global()", `!has(${NS})`);
    } else if (ns) {
      nsSel = `${NS} == '${ns}'`;
    }
    let sel = e.selector ?? "";
    if (e.serviceAccounts) {
      const parts: string[] = [];
      if (e.serviceAccounts.selector) parts.push(prefixed(e.serviceAccounts.selector, "pcsa."));
      if (e.serviceAccounts.names?.length) {
        parts.push(
          `projectcalico.org/serviceaccount in {${e.serviceAccounts.names.map((n) => `'${n}'`).join(",")}}`,
        );
      }
      const sa = parts.map((x) => `(${x})`).join(" && ");
      if (sa) sel = sel ? `(${sa}) && (${sel})` : sa;
    }
    if (nsSel && (sel || e.notSelector || e.namespaceSelector)) sel = sel ? `(${nsSel}) && (${sel})` : nsSel;
    // §C.5 lowering: fold notSelector into a positive selector.
    const positive = sel ? (e.notSelector ? `(${sel}) && (!(${e.notSelector}))` : sel) : "";
    const negative = sel ? "" : (e.notSelector ?? "");
    const ports = (e.ports ?? []).map((x) => parsePort(x));
    const notPorts = (e.notPorts ?? []).map((x) => parsePort(x));
    const onlyNamed = ports.length > 0 && ports.every((x) => "kind" in x && x.kind === "named");
    if (positive && !onlyNamed && !this.selects(positive, ip)) return false;
    if (negative && this.selects(negative, ip)) return false;
    const portHit = (list: typeof ports) =>
      list.some((x) => {
        if ("error" in x) return false;
        if (x.kind === "range") return port >= x.min && port <= x.max;
        return this.namedPortHit(positive || "all()", x.name, setProto, ip, p.proto, port);
      });
    if (ports.length > 0 && !portHit(ports)) return false;
    if (portHit(notPorts)) return false;
    if (e.services && !this.inService(e.services.namespace ?? ns, e.services.name, ip, destination, p, port))
      return false;
    return true;
  }

  /**
   * Felix's service IP sets from EndpointSlices: destination (svc:) members are address +
   * protocol (TCP unless given) + port for ports with a number; source (svcnoport:) members are
   * addresses. FQDN slices add nothing; endpoint conditions are ignored.
   */
  inService(
    namespace: string,
    name: string,
    ip: ipaddr.IPv4 | ipaddr.IPv6,
    destination: boolean,
    p: Pkt,
    port: number,
  ): boolean {
    return this.slices.some(
      (s) =>
        s.metadata.namespace === namespace &&
        (s.metadata.labels?.["kubernetes.io/service-name"] ?? "") === name &&
        s.addressType !== "FQDN" &&
        s.endpoints.some((e) => e.addresses.some((a) => ipaddr.parse(a).toString() === ip.toString())) &&
        (!destination ||
          s.ports.some((x) => x.port === port && parseProtocol(x.protocol ?? "TCP")!.number === p.proto)),
    );
  }

  selects(selector: string, ip: ipaddr.IPv4 | ipaddr.IPv6): boolean {
    const s = parseSelector(selector);
    return this.things.some((t) => t.nets.some((n) => containsIp(n, ip)) && s.matches(this.effective(t)));
  }

  namedPortHit(
    selector: string,
    name: string,
    setProto: string,
    ip: ipaddr.IPv4 | ipaddr.IPv6,
    proto: number,
    port: number,
  ): boolean {
    const s = parseSelector(selector);
    return this.things.some(
      (t) =>
        t.nets.some((n) => sameAddress(n.split("/")[0]!, ip)) &&
        s.matches(this.effective(t)) &&
        t.ports.some((pp) => {
          if (pp.name !== name || pp.port !== port) return false;
          const numeric = typeof pp.protocol === "number" || /^[0-9]+$/.test(pp.protocol);
          const lower = String(pp.protocol).toLowerCase();
          const n = Number(pp.protocol);
          const memberProto = numeric
            ? n === 17
              ? 17
              : n === 132
                ? 132
                : 6
            : lower === "udp"
              ? 17
              : lower === "sctp"
                ? 132
                : 6;
          if (memberProto !== proto) return false;
          if (numeric)
            return setProto !== "any" && n === (setProto === "udp" ? 17 : setProto === "sctp" ? 132 : 6);
          return setProto === "any" || setProto === lower;
        }),
    );
  }
}

interface Pkt {
  readonly proto: number;
  readonly family: "ipv4" | "ipv6";
  readonly src: ipaddr.IPv4 | ipaddr.IPv6;
  readonly dst: ipaddr.IPv4 | ipaddr.IPv6;
  readonly sport: number;
  readonly dport: number;
  readonly icmp: { readonly type: number; readonly code?: number } | undefined;
}

function prefixed(selector: string, prefix: string): string {
  return prefixSelector(parseSelector(selector), prefix).canonical;
}

function containsIp(cidr: string, ip: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  const c = cidr.includes("/")
    ? ipaddr.parseCIDR(cidr)
    : ipaddr.parseCIDR(`${cidr}/${cidr.includes(":") ? 128 : 32}`);
  return c[0].kind() === ip.kind() && ip.match(c);
}

function sameAddress(text: string, ip: ipaddr.IPv4 | ipaddr.IPv6 | undefined): boolean {
  if (ip === undefined) return false;
  const a = ipaddr.parse(text);
  return a.kind() === ip.kind() && a.toNormalizedString() === ip.toNormalizedString();
}

function firstOf(t: Thing, family: "ipv4" | "ipv6"): ipaddr.IPv4 | ipaddr.IPv6 {
  for (const n of t.nets) {
    const a = ipaddr.parse(n.split("/")[0]!);
    if (a.kind() === family) return a;
  }
  throw new Error(`reference: ${t.namespace}/${t.name} has no ${family} address`);
}
