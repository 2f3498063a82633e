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

/** Keys per range request: small enough for gRPC's 4 MiB default even with large policies. */
export const DEFAULT_PAGE_SIZE = 500;

/** Lists `prefix` at the current revision, page by page at that same revision. */
export async function listPrefix(
  client: Etcd3,
  prefix: string,
  pageSize: number = DEFAULT_PAGE_SIZE,
): Promise<Listing> {
  const end = prefixEnd(Buffer.from(prefix));
  const entries: StoredEntry[] = [];
  let response = await client.getAll().prefix(prefix).limit(pageSize).exec();
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
    response = await client.getAll().inRange({ start, end }).revision(revision).limit(pageSize).exec();
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
