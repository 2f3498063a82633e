/**
 * calico-policy-engine/etcd: keep a PolicyEngine in step with Calico's etcdv3 datastore, or read
 * it once. Needs the optional peer dependency `etcd3`, loaded on first use.
 */

export type { Validator } from "./decode.js";
export { createClient, DatastoreError, loadEtcd3 } from "./etcd3-module.js";
export type { KeyErrorCode, KeyIssue, KeySource, StoredKind, StoredRef } from "./keys.js";
export { DEFAULT_PREFIX, KeyError, keyToRef, pluralOf, refToKey, safeKeyToRef } from "./keys.js";
export type { MirrorChange, StoredEntry, SyncProblem, SyncTarget } from "./mirror.js";
export type { EtcdSnapshot, SnapshotOptions } from "./snapshot.js";
export { snapshotFromEtcd } from "./snapshot.js";
export type { EtcdSyncerOptions, StateDetail, SyncState } from "./syncer.js";
export { EtcdSyncer } from "./syncer.js";
