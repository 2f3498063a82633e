/**
 * Where the cluster comes from: manifest files and directories given with -f (YAML or JSON,
 * directories read recursively in name order), or a live etcd datastore with --etcd. Every
 * problem in every file is collected before anything is reported, each with its location.
 */
import { createPrivateKey, X509Certificate } from "node:crypto";
import {
  ApplyError,
  formatManifestIssue,
  formatPath,
  listManifestFiles,
  type ManifestIssue,
  PolicyEngine,
  type Resource,
  type ResourceOrigin,
  readManifestFile,
  redefinitionWarnings,
  safeLoadManifests,
} from "../index.js";
import type { CliIo } from "./io.js";
import { CliFailure, type CliProblem, caretDetail, formatProblem } from "./problems.js";

/** Resources read from the sources, each with the file it came from (the etcd URL for --etcd). */
export interface LoadedResources {
  readonly resources: readonly Resource[];
  readonly origins: readonly string[];
  readonly problems: readonly CliProblem[];
  readonly warnings: readonly CliProblem[];
  /**
   * Datastore values left out because they fail validation, as Felix's validation filter leaves
   * them out: commands go on without them (printed as warnings), `validate` reports them.
   */
  readonly skipped: readonly CliProblem[];
  readonly files: readonly string[];
}

/**
 * Reads and parses every manifest under the -f paths (files as given, directories recursively,
 * via the manifest loader), collecting every problem and warning with file:line:col and the
 * source line with a caret under the problem.
 */
export function loadManifestSources(paths: readonly string[]): LoadedResources {
  const listed = listManifestFiles(paths);
  const problems: CliProblem[] = listed.issues.map((issue) => manifestProblem(issue, undefined));
  const warnings: CliProblem[] = [];
  const resources: Resource[] = [];
  const origins: string[] = [];
  const positions: ResourceOrigin[] = [];
  const texts = new Map<string, string>();
  for (const file of listed.files) {
    const read = readManifestFile(file);
    if (!read.ok) {
      problems.push(manifestProblem(read.issue, undefined));
      continue;
    }
    const text = read.text;
    const result = safeLoadManifests(text, { file });
    for (const issue of result.warnings) warnings.push(manifestProblem(issue, text));
    if (!result.ok) {
      for (const issue of result.issues) problems.push(manifestProblem(issue, text));
      continue;
    }
    for (const resource of result.resources) {
      resources.push(resource);
      origins.push(file);
    }
    for (const origin of result.origins) positions.push(origin);
    texts.set(file, text);
  }
  // A resource defined in two files: the later one wins (file order), as kubectl apply would.
  for (const warning of redefinitionWarnings(resources, positions, true)) {
    warnings.push(manifestProblem(warning, texts.get(warning.file)));
  }
  if (paths.length > 0 && listed.files.length === 0 && problems.length === 0) {
    problems.push({
      code: "no-manifests",
      location: paths.join(", "),
      message: "no .yaml, .yml or .json files found",
    });
  }
  return { resources, origins, problems, warnings, skipped: [], files: listed.files };
}

function manifestProblem(issue: ManifestIssue, source: string | undefined): CliProblem {
  // A file that cannot be read has no line to point at.
  if (source === undefined) return { code: issue.code, location: issue.file, message: issue.message };
  const caret = caretDetail(formatManifestIssue(issue, source));
  return {
    code: issue.code,
    location: `${issue.file}:${issue.line}:${issue.column}`,
    message: atPath(issue.path, issue.message),
    ...(caret === undefined ? {} : { detail: caret }),
  };
}

/** `spec.ingress[0].action: message`, or the message alone for a whole-resource problem. */
function atPath(path: readonly (string | number)[], message: string): string {
  return path.length > 0 ? `${formatPath(path)}: ${message}` : message;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function nothingLoaded(...problems: CliProblem[]): LoadedResources {
  return { resources: [], origins: [], files: [], warnings: [], skipped: [], problems };
}

/** The environment variables calicoctl and calico-node read for etcd TLS and authentication. */
export const ETCD_ENVIRONMENT = {
  caCertFile: "ETCD_CA_CERT_FILE",
  certFile: "ETCD_CERT_FILE",
  keyFile: "ETCD_KEY_FILE",
  username: "ETCD_USERNAME",
  password: "ETCD_PASSWORD",
} as const;

/** etcd3 client options built from the environment, as calicoctl reads its etcd settings. */
interface EtcdClientSettings {
  readonly credentials?: { rootCertificate: Buffer; certChain?: Buffer; privateKey?: Buffer };
  readonly auth?: { username: string; password: string };
}

/** Reads ETCD_CA_CERT_FILE, ETCD_CERT_FILE, ETCD_KEY_FILE, ETCD_USERNAME and ETCD_PASSWORD. */
export function etcdClientSettings(
  env: (name: string) => string | undefined,
):
  | { readonly ok: true; readonly settings: EtcdClientSettings }
  | { readonly ok: false; readonly problems: CliProblem[] } {
  const problems: CliProblem[] = [];
  const value = (name: string) => {
    const v = env(name);
    return v === undefined || v === "" ? undefined : v;
  };
  const read = (name: string, holds: "certificate" | "private key"): Buffer | undefined => {
    const path = value(name);
    if (path === undefined) return undefined;
    // The manifest reader's guards: a regular file of bounded size (not a FIFO or /dev/zero).
    const file = readManifestFile(path);
    if (!file.ok) {
      problems.push({ code: "etcd-credentials", location: name, message: file.issue.message });
      return undefined;
    }
    const bytes = Buffer.from(file.text, "utf8");
    try {
      // Checked here so a wrong file is named, not reported later as a TLS failure.
      if (holds === "certificate") new X509Certificate(bytes);
      else createPrivateKey(bytes);
    } catch (error) {
      problems.push({
        code: "etcd-credentials",
        location: name,
        message: `${path} is not a PEM ${holds} (${errorText(error)})`,
      });
      return undefined;
    }
    return bytes;
  };
  const ca = read(ETCD_ENVIRONMENT.caCertFile, "certificate");
  const cert = read(ETCD_ENVIRONMENT.certFile, "certificate");
  const key = read(ETCD_ENVIRONMENT.keyFile, "private key");
  const certSet = value(ETCD_ENVIRONMENT.certFile) !== undefined;
  const keySet = value(ETCD_ENVIRONMENT.keyFile) !== undefined;
  if (certSet !== keySet) {
    problems.push({
      code: "etcd-credentials",
      location: certSet ? ETCD_ENVIRONMENT.certFile : ETCD_ENVIRONMENT.keyFile,
      message: `${ETCD_ENVIRONMENT.certFile} and ${ETCD_ENVIRONMENT.keyFile} go together: a client certificate needs its key`,
    });
  }
  const username = value(ETCD_ENVIRONMENT.username);
  const password = env(ETCD_ENVIRONMENT.password);
  if (username === undefined && password !== undefined) {
    problems.push({
      code: "etcd-credentials",
      location: ETCD_ENVIRONMENT.password,
      message: `${ETCD_ENVIRONMENT.password} is set but ${ETCD_ENVIRONMENT.username} is not`,
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  const tls = ca !== undefined || cert !== undefined;
  return {
    ok: true,
    settings: {
      // Without a CA file, the system's roots verify the server (etcd3 passes undefined through).
      ...(tls ? { credentials: { rootCertificate: ca as Buffer, certChain: cert, privateKey: key } } : {}),
      ...(username === undefined ? {} : { auth: { username, password: password ?? "" } }),
    },
  };
}

/**
 * Text for messages with anything that looks like URL credentials (`user:password@host`, also as
 * gRPC prints a target, `dns:user:password@host`) cut to `host`. A second line of defence:
 * `--etcd` refuses credentials in its URLs up front (etcdEndpointProblems).
 */
export function shownEndpoint(text: string): string {
  // No "/" in the run, so each match attempt stops at the next slash: linear in the text.
  return text.replace(/(\/\/|dns:)[^\s,/@]*@/g, "$1");
}

/**
 * What is wrong with the `--etcd` value, if anything: every comma-separated entry must be an
 * http(s) URL without credentials (etcd takes those from ETCD_USERNAME / ETCD_PASSWORD; in a URL
 * they would be read as part of the host name and echoed in errors).
 */
export function etcdEndpointProblems(url: string): CliProblem[] {
  const entries = url.split(",");
  const problems: CliProblem[] = [];
  entries.forEach((raw, i) => {
    const which = entries.length === 1 ? "the endpoint" : `endpoint ${i + 1} of ${entries.length}`;
    const problem = endpointProblem(raw.trim());
    if (problem !== undefined) {
      problems.push({ code: "bad-etcd-endpoint", location: "--etcd", message: `${which} ${problem}` });
    }
  });
  return problems;
}

/** What is wrong with one `--etcd` entry (as a predicate: "is empty: ..."), if anything. */
function endpointProblem(entry: string): string | undefined {
  if (entry === "") return "is empty: expected a URL such as http://127.0.0.1:2379";
  let parsed: URL;
  try {
    parsed = new URL(entry);
  } catch {
    return "is not a URL: expected one such as http://127.0.0.1:2379";
  }
  if (parsed.username !== "" || parsed.password !== "") {
    return `holds a user name or password, which etcd does not read from a URL: set ${ETCD_ENVIRONMENT.username} and ${ETCD_ENVIRONMENT.password} instead`;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    return `uses ${JSON.stringify(parsed.protocol)}: expected http:// or https://`;
  }
  if (parsed.host === "") return "names no host: expected a URL such as http://127.0.0.1:2379";
  return undefined;
}

/**
 * Reads a live etcd v3 datastore through the optional `etcd` subpath (etcd3 is an optional peer).
 * `url` may list several endpoints separated by commas, as Calico's etcd_endpoints does; TLS and
 * authentication come from calicoctl's environment variables (ETCD_ENVIRONMENT).
 */
export async function loadEtcdSource(
  url: string,
  env: (name: string) => string | undefined = () => undefined,
): Promise<LoadedResources> {
  const badEndpoints = etcdEndpointProblems(url);
  if (badEndpoints.length > 0) return nothingLoaded(...badEndpoints);
  const shown = shownEndpoint(url);
  let datastore: typeof import("../datastore/index.js");
  try {
    datastore = await import("../datastore/index.js");
  } catch (error) {
    return nothingLoaded({
      code: "no-etcd-client",
      location: "--etcd",
      message: `cannot load the etcd datastore support (${errorText(error)}); install the optional peer dependency: npm install etcd3@1.1.2`,
    });
  }
  const settings = etcdClientSettings(env);
  if (!settings.ok) return nothingLoaded(...settings.problems);
  try {
    const snapshot = await datastore.snapshotFromEtcd({ endpoints: url, clientOptions: settings.settings });
    return {
      resources: snapshot.resources,
      origins: snapshot.resources.map(() => shown),
      files: [],
      warnings: [],
      problems: [],
      skipped: snapshot.problems.flatMap((p) =>
        p.issues.map((issue) => ({
          code: issue.code,
          location: `${shown} ${p.key}`,
          message: atPath(issue.path, issue.message),
        })),
      ),
    };
  } catch (error) {
    // etcd3 is imported only when the snapshot starts, so its absence surfaces here, not at the import above.
    if (error instanceof datastore.DatastoreError && error.code === "etcd3-missing") {
      return nothingLoaded({ code: "no-etcd-client", location: "--etcd", message: error.message });
    }
    const hint =
      url.startsWith("https:") && settings.settings.credentials === undefined
        ? ` (for TLS, set ${ETCD_ENVIRONMENT.caCertFile}, ${ETCD_ENVIRONMENT.certFile} and ${ETCD_ENVIRONMENT.keyFile} as for calicoctl)`
        : "";
    return nothingLoaded({
      code: "etcd-unreachable",
      location: shown,
      message: `${shownEndpoint(errorText(error))}${hint}`,
    });
  }
}

/** Problems from applying the loaded resources, each located by the file and resource it came from. */
export function applyProblems(error: ApplyError, loaded: LoadedResources): CliProblem[] {
  return error.issues.map((issue) => {
    const r = issue.resource;
    const who = r
      ? `${r.kind} ${r.namespace === undefined ? "" : `${r.namespace}/`}${r.name}`
      : `resource #${issue.index}`;
    return {
      code: issue.code,
      location: loaded.origins[issue.index] ?? "input",
      message: `${who}${issue.path.length > 0 ? " " : ": "}${atPath(issue.path, issue.message)}`,
    };
  });
}

/** The cluster a command works on: resources loaded from -f or --etcd, applied to a fresh engine. */
export interface Cluster {
  readonly engine: PolicyEngine;
  readonly loaded: LoadedResources;
}

/** Loads the sources and applies them to a new engine; any problem ends the command with exit 2. */
export async function loadCluster(
  options: { readonly files: readonly string[]; readonly etcd: string | undefined; readonly flag?: string },
  io: CliIo,
): Promise<Cluster> {
  const loaded = await loadResources({ ...options, env: io.env });
  if (loaded.problems.length > 0) throw new CliFailure(loaded.problems);
  for (const warning of loaded.warnings) io.stderr(`warning: ${formatProblem(warning)}\n`);
  const skippedKeys = new Set(loaded.skipped.map((p) => p.location));
  for (const skipped of loaded.skipped) io.stderr(`warning: ${formatProblem(skipped)}\n`);
  if (skippedKeys.size > 0) {
    io.stderr(
      `warning: ${skippedKeys.size === 1 ? "1 value was" : `${skippedKeys.size} values were`} left out, as Felix leaves out values that fail validation; \`validate --etcd\` lists them\n`,
    );
  }
  const engine = new PolicyEngine();
  try {
    engine.apply(loaded.resources);
  } catch (error) {
    if (error instanceof ApplyError) throw new CliFailure(applyProblems(error, loaded));
    throw error;
  }
  return { engine, loaded };
}

/** Reads -f files or --etcd (exactly one kind of source is required). */
export async function loadResources(options: {
  readonly files: readonly string[];
  readonly etcd: string | undefined;
  readonly flag?: string;
  /** The environment, for --etcd's TLS and authentication variables. */
  readonly env?: (name: string) => string | undefined;
}): Promise<LoadedResources> {
  const flag = options.flag ?? "-f";
  if (options.etcd !== undefined && options.files.length > 0) {
    throw new CliFailure(
      [{ code: "usage", location: "--etcd", message: `give either ${flag} files or --etcd, not both` }],
      {
        showUsage: true,
      },
    );
  }
  if (options.etcd !== undefined) return loadEtcdSource(options.etcd, options.env);
  if (options.files.length === 0) {
    throw new CliFailure(
      [{ code: "usage", message: `no cluster given: use ${flag} <file|dir> (repeatable) or --etcd <url>` }],
      { showUsage: true },
    );
  }
  return loadManifestSources(options.files);
}
