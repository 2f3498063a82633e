/**
 * Reads a flow from check's arguments (--from, --to, --port, --protocol, --icmp-type,
 * --icmp-code) and turns parsed flows into the engine's FlowQuery.
 */
import type { FlowQuery, Peer } from "../index.js";
import { type OptionValues, stringOption } from "./command.js";
import {
  isProblem,
  type PeerArg,
  parsePeer,
  parsePortArg,
  parseProtocolArg,
  protocolHasPorts,
} from "./peer.js";
import { CliFailure, type CliProblem } from "./problems.js";

/** A flow as the CLI understands it before the engine resolves its peers. */
export interface FlowArgs {
  readonly from: PeerArg;
  readonly to: PeerArg;
  readonly protocol: string;
  readonly port?: number;
  readonly icmp?: { readonly type: number; readonly code?: number };
}

/** Parses the flow options, reporting every problem at once (exit 2). */
export function readFlowArgs(values: OptionValues): FlowArgs {
  const problems: CliProblem[] = [];
  const peer = (flag: "from" | "to"): PeerArg | undefined => {
    const text = stringOption(values, flag);
    if (text === undefined) {
      problems.push({
        code: "usage",
        location: `--${flag}`,
        message: "missing: give namespace/name or an IP address",
      });
      return undefined;
    }
    const parsed = parsePeer(text, `--${flag}`);
    if (isProblem(parsed)) {
      problems.push(parsed);
      return undefined;
    }
    return parsed;
  };
  const from = peer("from");
  const to = peer("to");
  const protocolText = stringOption(values, "protocol") ?? "TCP";
  const protocol = parseProtocolArg(protocolText, "--protocol");
  if (typeof protocol !== "string") problems.push(protocol);
  const portText = stringOption(values, "port");
  let port: number | undefined;
  if (portText !== undefined) {
    const parsed = parsePortArg(portText, "--port");
    if (typeof parsed === "number") port = parsed;
    else problems.push(parsed);
  }
  if (typeof protocol === "string") {
    if (protocolHasPorts(protocol) && portText === undefined) {
      problems.push({
        code: "usage",
        location: "--port",
        message: `missing: a ${protocol} flow needs a destination port`,
      });
    } else if (!protocolHasPorts(protocol) && portText !== undefined) {
      problems.push({
        code: "usage",
        location: "--port",
        message: `${protocol} has no ports; drop --port or use --protocol TCP, UDP or SCTP`,
      });
    }
  }
  let icmp: { type: number; code?: number } | undefined;
  const typeText = stringOption(values, "icmp-type");
  const codeText = stringOption(values, "icmp-code");
  if (typeText !== undefined || codeText !== undefined) {
    const type = typeText === undefined ? undefined : byte(typeText, 254);
    const code = codeText === undefined ? undefined : byte(codeText, 255);
    if (protocol !== "ICMP" && protocol !== "ICMPv6") {
      problems.push({
        code: "usage",
        location: "--icmp-type",
        message: "only for --protocol ICMP or ICMPv6",
      });
    } else if (type === undefined) {
      problems.push({
        code: "usage",
        location: "--icmp-type",
        message: `${JSON.stringify(typeText ?? "")}: expected a number 0-254 (required with --icmp-code)`,
      });
    } else if (codeText !== undefined && code === undefined) {
      problems.push({
        code: "usage",
        location: "--icmp-code",
        message: `${JSON.stringify(codeText)}: expected a number 0-255`,
      });
    } else {
      icmp = code === undefined ? { type } : { type, code };
    }
  }
  if (problems.length > 0 || from === undefined || to === undefined || typeof protocol !== "string") {
    throw new CliFailure(problems, { showUsage: true });
  }
  return {
    from,
    to,
    protocol,
    ...(port === undefined ? {} : { port }),
    ...(icmp === undefined ? {} : { icmp }),
  };
}

function byte(text: string, max: number): number | undefined {
  if (!/^[0-9]{1,3}$/.test(text)) return undefined;
  const n = Number(text);
  return n <= max ? n : undefined;
}

/** The engine query for a flow. */
export function toFlowQuery(flow: FlowArgs): FlowQuery {
  const peer = (p: PeerArg): Peer =>
    p.kind === "ip" ? { ip: p.ip } : { endpoint: { namespace: p.namespace, name: p.name } };
  return {
    protocol: flow.protocol,
    source: peer(flow.from),
    destination: { ...peer(flow.to), ...(flow.port === undefined ? {} : { port: flow.port }) },
    ...(flow.icmp === undefined ? {} : { icmp: flow.icmp }),
  };
}
