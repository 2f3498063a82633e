/**
 * Where the cluster comes from: manifest files and directories given with -f (YAML or JSON,
 * directories read recursively in name order), or a live etcd datastore with --etcd. Every
 * problem in every file is collected before anything is reported, each with its location.
 */
import {
  ApplyError,
  formatManifestIssue,
  formatPath,
  listManifestFiles,
  type ManifestIssue,
  PolicyEngine,
  type Resource,
  readManifestFile,
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
  }
  if (paths.length > 0 && listed.files.length === 0 && problems.length === 0) {
    problems.push({
      code: "no-manifests",
      location: paths.join(", "),
      message: "no .yaml, .yml or .json files found",
    });
  }
  return { resources, origins, problems, warnings, files: listed.files };
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

function nothingLoaded(problem: CliProblem): LoadedResources {
  return { resources: [], origins: [], files: [], warnings: [], problems: [problem] };
}

/** Reads a live etcd v3 datastore through the optional `etcd` subpath (etcd3 is an optional peer). */
export async function loadEtcdSource(url: string): Promise<LoadedResources> {
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
  try {
    const snapshot = await datastore.snapshotFromEtcd({ endpoints: [url] });
    return {
      resources: snapshot.resources,
      origins: snapshot.resources.map(() => url),
      files: [],
      warnings: [],
      problems: snapshot.problems.flatMap((p) =>
        p.issues.map((issue) => ({
          code: "etcd-problem",
          location: `${url} ${p.key}`,
          message: atPath(issue.path, issue.message),
        })),
      ),
    };
  } catch (error) {
    // etcd3 is imported only when the snapshot starts, so its absence surfaces here, not at the import above.
    if (error instanceof datastore.DatastoreError && error.code === "etcd3-missing") {
      return nothingLoaded({ code: "no-etcd-client", location: "--etcd", message: error.message });
    }
    return nothingLoaded({ code: "etcd-unreachable", location: url, message: errorText(error) });
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
  const loaded = await loadResources(options);
  if (loaded.problems.length > 0) throw new CliFailure(loaded.problems);
  for (const warning of loaded.warnings) io.stderr(`warning: ${formatProblem(warning)}\n`);
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
  if (options.etcd !== undefined) return loadEtcdSource(options.etcd);
  if (options.files.length === 0) {
    throw new CliFailure(
      [{ code: "usage", message: `no cluster given: use ${flag} <file|dir> (repeatable) or --etcd <url>` }],
      { showUsage: true },
    );
  }
  return loadManifestSources(options.files);
}
