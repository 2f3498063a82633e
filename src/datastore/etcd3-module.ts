/**
 * Loads the optional `etcd3` peer dependency on first use, so the main package (and the rest of
 * this subpath's pure modules) work without it installed.
 */
import type { Etcd3, IOptions } from "etcd3";

/** A datastore failure that is not about one value: the client library is missing, or etcd is unusable. */
export class DatastoreError extends Error {
  override readonly name = "DatastoreError";
  constructor(
    readonly code: "etcd3-missing" | "etcd-unavailable" | "stopped",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Imports `etcd3` (through `importer`, a seam for tests), or throws a {@link DatastoreError} that says how to install it. */
export async function loadEtcd3(
  importer: () => Promise<typeof import("etcd3")> = () => import("etcd3"),
): Promise<typeof import("etcd3")> {
  try {
    return await importer();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") {
      throw new DatastoreError(
        "etcd3-missing",
        "reading Calico's etcd datastore needs the optional peer dependency etcd3: run `npm install etcd3@1.1.2`",
        { cause: error },
      );
    }
    throw error;
  }
}

/**
 * gRPC keepalive for the watch stream: without it a half-open connection (etcd frozen, a
 * partition with no RST) leaves the watch silently stalled. etcd refuses pings more often than
 * every 5 s (`--grpc-keepalive-min-time`) with "too many pings", so intervals stay above that.
 */
export function keepaliveOptions(intervalMs = 30_000, timeoutMs = 10_000): Record<string, number> {
  return { "grpc.keepalive_time_ms": Math.max(intervalMs, 5_000), "grpc.keepalive_timeout_ms": timeoutMs };
}

/**
 * The endpoint URLs in `endpoints`: a list, or a string that may hold several separated by
 * commas, as Calico's `etcd_endpoints` / `ETCD_ENDPOINTS` do (`strings.Split(endpoints, ",")`).
 */
export function endpointList(endpoints: string | readonly string[]): string[] {
  const list = typeof endpoints === "string" ? [endpoints] : [...endpoints];
  return list.flatMap((entry) => entry.split(",")).map((entry) => hostUrl(entry.trim()));
}

/**
 * An endpoint as `scheme://host[:port]`: etcd's Go client reads only a URL's scheme and host, so a
 * trailing slash, a path or an upper-case scheme still connect; gRPC would take them for part of
 * the host name. Text that is not a URL is returned as it is (the client reports it).
 */
function hostUrl(entry: string): string {
  if (entry === "") return entry;
  try {
    const url = new URL(entry);
    return url.host === "" ? entry : `${url.protocol}//${url.host}`;
  } catch {
    return entry;
  }
}

/**
 * Creates a client for `endpoints` ("http://host:2379", a comma-separated list, or an array).
 * Answers are not capped at gRPC's default 4 MiB (Calico's Go client has no cap either): one page
 * of a listing can hold several megabyte-sized network sets. `options.grpcOptions` win.
 */
export async function createClient(
  endpoints: string | readonly string[],
  options?: Omit<IOptions, "hosts">,
): Promise<Etcd3> {
  const hosts = endpointList(endpoints);
  if (hosts.length === 0 || hosts.some((h) => h === "")) {
    throw new DatastoreError(
      "etcd-unavailable",
      `endpoints must name at least one etcd URL, got ${JSON.stringify(endpoints)}`,
    );
  }
  const { Etcd3: Client } = await loadEtcd3();
  return new Client({
    ...options,
    hosts,
    grpcOptions: { "grpc.max_receive_message_length": -1, ...options?.grpcOptions },
  });
}
