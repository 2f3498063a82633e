/**
 * One consistent read of Calico's etcd for one-shot use (the CLI's `--etcd <url>`): every valid
 * resource under the prefix at one revision, plus the values that were skipped and why.
 */
import type { Etcd3, IOptions } from "etcd3";
import type { Resource } from "../model/types.js";
import { validateResource } from "../model/validate.js";
import type { Validator } from "./decode.js";
import { createClient, DatastoreError } from "./etcd3-module.js";
import { DEFAULT_PREFIX } from "./keys.js";
import { listPrefix } from "./list.js";
import { EngineMirror, type SyncProblem } from "./mirror.js";

/** Options for {@link snapshotFromEtcd}. */
export interface SnapshotOptions {
  /** etcd client URL(s); ignored when `client` is given. */
  readonly endpoints: string | readonly string[];
  /** Key prefix; defaults to Calico's `/calico/resources/v3/projectcalico.org/`. */
  readonly prefix?: string;
  /** A client to use instead of creating one; it is left open. */
  readonly client?: Etcd3;
  /**
   * Options for the client made from `endpoints` (ignored with `client`): TLS `credentials`
   * ({ rootCertificate, certChain, privateKey } as Buffers) and `auth` ({ username, password }).
   */
  readonly clientOptions?: Omit<IOptions, "hosts">;
  /** Validates each value; defaults to the model's `validateResource`. */
  readonly validate?: Validator;
  /** Gives up on an unreachable etcd after this long (default 10 s). */
  readonly timeoutMs?: number;
}

/** What etcd held at one revision: valid resources in key order, and the values skipped. */
export interface EtcdSnapshot {
  /** Fresh arrays the caller owns (the CLI merges them with -f resources). */
  readonly resources: Resource[];
  readonly problems: SyncProblem[];
  readonly revision: string;
}

/** Reads every resource under the prefix at one revision; throws {@link DatastoreError} if etcd is unreachable. */
export async function snapshotFromEtcd(options: SnapshotOptions): Promise<EtcdSnapshot> {
  const client = options.client ?? (await createClient(options.endpoints, options.clientOptions));
  const prefix = (options.prefix ?? DEFAULT_PREFIX).replace(/\/?$/, "/");
  const timeoutMs = options.timeoutMs ?? 10_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new DatastoreError(
              "etcd-unavailable",
              `no answer from etcd at ${describe(options.endpoints)} within ${timeoutMs} ms`,
            ),
          ),
        timeoutMs,
      );
    });
    const listing = await Promise.race([
      listPrefix(client, prefix, { requestTimeoutMs: timeoutMs }),
      timeout,
    ]).catch((error: unknown) => {
      if (error instanceof DatastoreError) throw error;
      throw new DatastoreError(
        "etcd-unavailable",
        `could not list ${prefix} from etcd at ${describe(options.endpoints)}: ${grpcMessage(error)}`,
        { cause: error },
      );
    });
    const resources: Resource[] = [];
    const problems: SyncProblem[] = [];
    // The mirror's decoding and per-key rules, applied to a collecting target.
    const mirror = new EngineMirror(
      {
        apply: (batch) => {
          for (const r of batch) resources.push(r as Resource);
        },
        delete: () => false,
      },
      options.validate ?? validateResource,
      prefix,
      (problem) => problems.push(problem),
      () => undefined,
    );
    mirror.reconcile(listing.entries, listing.revision);
    return { resources, problems, revision: listing.revision };
  } finally {
    clearTimeout(timer);
    if (options.client === undefined) client.close();
  }
}

function describe(endpoints: string | readonly string[]): string {
  return typeof endpoints === "string" ? endpoints : endpoints.join(", ");
}

/** An error's message without the empty "Resolution note:" gRPC appends to some of them. */
function grpcMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s*Resolution note:\s*$/, "");
}
