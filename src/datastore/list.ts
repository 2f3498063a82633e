/**
 * Lists every key under a prefix at ONE revision, in pages, so a large datastore neither exceeds
 * gRPC's message limit nor yields a listing that mixes revisions.
 */
import type { Etcd3 } from "etcd3";
import type { StoredEntry } from "./mirror.js";

/** A consistent listing: the revision it reflects and every entry under the prefix at that revision. */
export interface Listing {
  readonly revision: string;
  readonly entries: readonly StoredEntry[];
}

/**
 * Keys per range request. A page may pass gRPC's default 4 MiB receive limit (a threat-feed
 * GlobalNetworkSet can hold a megabyte), so clients made by `createClient` lift that limit, as
 * Calico's Go client has none; a caller's own client that keeps it gets an error saying so.
 */
export const DEFAULT_PAGE_SIZE = 500;

/** How to page a listing. */
export interface ListOptions {
  /** Keys per request (default 500). */
  readonly pageSize?: number;
  /** Deadline per request, so a frozen etcd fails the listing instead of hanging it (default 30 s). */
  readonly requestTimeoutMs?: number | undefined;
}

/** Lists `prefix` at the current revision, page by page at that same revision. */
export async function listPrefix(client: Etcd3, prefix: string, options: ListOptions = {}): Promise<Listing> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  try {
    return await listPages(client, prefix, pageSize, options.requestTimeoutMs);
  } catch (error) {
    if (error instanceof Error && /RESOURCE_EXHAUSTED|larger than max/.test(error.message)) {
      throw new Error(
        `${error.message}: a page of up to ${pageSize} keys is larger than this etcd client accepts; create it with grpcOptions { "grpc.max_receive_message_length": -1 } (clients made by createClient have it), or list with a smaller pageSize`,
        { cause: error },
      );
    }
    throw error;
  }
}

async function listPages(
  client: Etcd3,
  prefix: string,
  pageSize: number,
  requestTimeoutMs: number | undefined,
): Promise<Listing> {
  const timeoutMs = requestTimeoutMs ?? 30_000;
  const deadline = () => ({ deadline: Date.now() + timeoutMs });
  const end = prefixEnd(Buffer.from(prefix));
  const entries: StoredEntry[] = [];
  let response = await client.getAll().prefix(prefix).limit(pageSize).options(deadline()).exec();
  const revision = response.header.revision;
  for (;;) {
    for (const kv of response.kvs) {
      entries.push({
        key: kv.key.toString("utf8"),
        value: kv.value.toString("utf8"),
        modRevision: kv.mod_revision,
      });
    }
    const last = response.kvs.at(-1);
    if (!response.more || last === undefined) return { revision, entries };
    // The next page starts just after the last key: key + "\0" is its immediate successor.
    const start = Buffer.concat([last.key, Buffer.of(0)]);
    response = await client
      .getAll()
      .inRange({ start, end })
      .revision(revision)
      .limit(pageSize)
      .options(deadline())
      .exec();
  }
}

/** etcd's GetPrefixRangeEnd: the prefix with its last non-0xff byte incremented. */
export function prefixEnd(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i] = end[i]! + 1;
      return end.subarray(0, i + 1);
    }
  }
  // All 0xff (or empty): the range runs to the end of the keyspace.
  return Buffer.of(0);
}
