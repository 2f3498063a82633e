import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import {
  decodeWorkloadEndpointName,
  encodeWorkloadEndpointName,
  safeDecodeWorkloadEndpointName,
} from "../../src/model/wep-name.js";

describe("encodeWorkloadEndpointName", () => {
  it("doubles '-' inside each part, as in the documented sample", () => {
    expect(
      encodeWorkloadEndpointName({
        node: "node1",
        orchestrator: "k8s",
        pod: "my-nginx-b1337a",
        endpoint: "eth0",
      }),
    ).toBe("node1-k8s-my--nginx--b1337a-eth0");
    expect(
      encodeWorkloadEndpointName({
        node: "rack1-host1",
        orchestrator: "cni",
        workload: "w",
        endpoint: "eth-0",
      }),
    ).toBe("rack1--host1-cni-w-eth--0");
  });
  it("refuses parts that are empty or start or end with '-', which would be ambiguous", () => {
    expect(() =>
      encodeWorkloadEndpointName({ node: "", orchestrator: "k8s", pod: "p", endpoint: "eth0" }),
    ).toThrow(/node "" is empty/);
    expect(() =>
      encodeWorkloadEndpointName({ node: "n", orchestrator: "k8s", pod: "p-", endpoint: "eth0" }),
    ).toThrow(/workload "p-"/);
  });
});

describe("decodeWorkloadEndpointName", () => {
  it("splits on single dashes and un-doubles the rest", () => {
    expect(decodeWorkloadEndpointName("node1-k8s-my--nginx--b1337a-eth0")).toEqual({
      node: "node1",
      orchestrator: "k8s",
      workload: "my-nginx-b1337a",
      endpoint: "eth0",
    });
  });
  it("rejects names with the wrong number of parts", () => {
    const result = safeDecodeWorkloadEndpointName("node1-k8s-pod");
    expect(result).toEqual({ ok: false, message: expect.stringContaining("found 3 parts") });
    expect(() => decodeWorkloadEndpointName("a-b-c-d-e")).toThrow(/found 5 parts/);
  });
  it("rejects names whose parts would start or end with '-'", () => {
    expect(safeDecodeWorkloadEndpointName("a---k8s-p-e").ok).toBe(false);
    expect(safeDecodeWorkloadEndpointName("-k8s-p-e").ok).toBe(false);
  });
});

const part = fc
  .stringMatching(/^[a-z0-9](?:[a-z0-9.-]{0,20}[a-z0-9])?$/)
  .filter((s) => !s.startsWith("-") && !s.endsWith("-"));

describe("WEP name codec properties", () => {
  test.prop([fc.record({ node: part, orchestrator: part, workload: part, endpoint: part })], {
    numRuns: 300,
  })("decode(encode(x)) = x", (parts) => {
    expect(decodeWorkloadEndpointName(encodeWorkloadEndpointName(parts))).toEqual(parts);
  });
  test.prop([fc.string({ maxLength: 40 })], { numRuns: 300 })(
    "decoding any string either fails or re-encodes to it",
    (name) => {
      const result = safeDecodeWorkloadEndpointName(name);
      if (result.ok) expect(encodeWorkloadEndpointName(result.parts)).toBe(name);
    },
  );
});

describe("safeDecodeWorkloadEndpointName on a non-string", () => {
  it("returns a problem instead of throwing", () => {
    expect(safeDecodeWorkloadEndpointName(null as never)).toEqual({
      ok: false,
      message: "expected a workload endpoint name (a string), got null",
    });
  });
});
