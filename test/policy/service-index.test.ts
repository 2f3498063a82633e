import { describe, expect, it } from "vitest";
import type { EndpointSlice } from "../../src/model/types.js";
import { parseResource } from "../../src/model/validate.js";
import { parseAddress } from "../../src/policy/ip.js";
import { ServiceIndex, serviceSlice } from "../../src/policy/service-index.js";
import { endpointSlice } from "../support/policy-fixtures.js";

const TCP = 6;
const UDP = 17;
const at = (text: string) => parseAddress(text)!;
const slice = (...args: Parameters<typeof endpointSlice>) =>
  serviceSlice(parseResource(endpointSlice(...args)) as EndpointSlice);

describe("serviceSlice", () => {
  it("keeps canonical addresses and numbered ports, TCP unless the port says otherwise", () => {
    const s = slice("prod", "api-1", {
      service: "api",
      addressType: "IPv6",
      endpoints: [["fd00:0:0::1"], ["FD00::2", "fd00::1"]],
      ports: [{ port: 80 }, { port: 53, protocol: "UDP" }, { name: "unnumbered" }],
    });
    expect(s.service).toBe("prod/api");
    expect([...s.addresses]).toEqual(["fd00::1", "fd00::2"]);
    expect(s.ports).toEqual([
      { protocol: TCP, port: 80 },
      { protocol: UDP, port: 53 },
    ]);
  });

  it("gives an FQDN slice no addresses and an unlabelled slice the empty service name", () => {
    expect(
      slice("prod", "x", { service: "api", addressType: "FQDN", endpoints: [["api.example.com"]] }).addresses
        .size,
    ).toBe(0);
    expect(slice("prod", "y", { endpoints: [["10.0.0.1"]] }).service).toBe("prod/");
  });
});

describe("ServiceIndex", () => {
  it("answers both IP sets over every slice of a Service, and follows replacement and removal", () => {
    const index = new ServiceIndex();
    index.upsert(
      "a",
      slice("prod", "a", { service: "api", endpoints: [["10.0.0.1"]], ports: [{ port: 80 }] }),
    );
    index.upsert(
      "b",
      slice("prod", "b", {
        service: "api",
        endpoints: [["10.0.0.2"]],
        ports: [{ port: 53, protocol: "UDP" }],
      }),
    );
    expect(index.sliceCount("prod/api")).toBe(2);
    // Members pair an address with its own slice's ports only.
    expect(index.hasMember("prod/api", at("10.0.0.1"), TCP, 80)).toBe(true);
    expect(index.hasMember("prod/api", at("10.0.0.1"), UDP, 53)).toBe(false);
    expect(index.hasMember("prod/api", at("10.0.0.2"), UDP, 53)).toBe(true);
    expect(index.hasMember("prod/api", at("10.0.0.2"), TCP, 53)).toBe(false);
    expect(index.hasAddress("prod/api", at("10.0.0.2"))).toBe(true);
    expect(index.hasAddress("dev/api", at("10.0.0.2"))).toBe(false);

    // Relabelled to another Service: it leaves api.
    index.upsert(
      "b",
      slice("prod", "b", { service: "web", endpoints: [["10.0.0.2"]], ports: [{ port: 53 }] }),
    );
    expect(index.hasAddress("prod/api", at("10.0.0.2"))).toBe(false);
    expect(index.hasMember("prod/web", at("10.0.0.2"), TCP, 53)).toBe(true);

    expect(index.remove("a")).toBe(true);
    expect(index.remove("a")).toBe(false);
    expect(index.sliceCount("prod/api")).toBe(0);
    expect(index.hasMember("prod/api", at("10.0.0.1"), TCP, 80)).toBe(false);
  });
});
