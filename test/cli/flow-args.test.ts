import { describe, expect, it } from "vitest";
import { readFlowArgs, toFlowQuery } from "../../src/cli/flow-args.js";
import { CliFailure } from "../../src/cli/problems.js";

function problems(values: Record<string, string>): string[] {
  try {
    readFlowArgs(values);
  } catch (error) {
    if (error instanceof CliFailure) return error.problems.map((p) => `${p.location}: ${p.message}`);
    throw error;
  }
  throw new Error("expected a failure");
}

describe("readFlowArgs", () => {
  it("builds the engine query from workload and address peers", () => {
    const flow = readFlowArgs({ from: "shop/web-1", to: "10.0.0.9", port: "443" });
    expect(toFlowQuery(flow)).toEqual({
      protocol: "TCP",
      source: { endpoint: { namespace: "shop", name: "web-1" } },
      destination: { ip: "10.0.0.9", port: 443 },
    });
  });

  it("takes ICMP type and code without a port", () => {
    const flow = readFlowArgs({
      from: "a/b",
      to: "c/d",
      protocol: "icmp",
      "icmp-type": "8",
      "icmp-code": "0",
    });
    expect(toFlowQuery(flow)).toMatchObject({ protocol: "ICMP", icmp: { type: 8, code: 0 } });
    expect(toFlowQuery(flow).destination).not.toHaveProperty("port");
  });

  it("reports every problem at once, each with its flag", () => {
    expect(problems({ from: "a/b", to: "c/d", protocol: "ICMP", port: "80", "icmp-type": "300" })).toEqual([
      "--port: ICMP has no ports; drop --port or use --protocol TCP, UDP or SCTP",
      '--icmp-type: "300": expected a number 0-254 (required with --icmp-code)',
    ]);
    expect(problems({ from: "a/b", to: "c/d", port: "80", "icmp-type": "8" })).toEqual([
      "--icmp-type: only for --protocol ICMP or ICMPv6",
    ]);
    expect(problems({ from: "a/b", to: "c/d", protocol: "ICMP", "icmp-code": "1" })).toEqual([
      '--icmp-type: "": expected a number 0-254 (required with --icmp-code)',
    ]);
  });
});
