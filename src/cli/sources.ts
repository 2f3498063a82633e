/**
 * Where the cluster comes from: manifest files and directories given with -f (YAML or JSON,
 * directories read recursively in name order), or a live etcd datastore with --etcd. Every
 * problem in every file is collected before anything is reported, each with its location.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { ApplyError, loadManifests, ManifestError, PolicyEngine, type Resource } from "../index.js";
import type { CliIo } from "./io.js";
import { CliFailure, type CliProblem } from "./problems.js";

/** Resources read from the sources, each with the file it came from (the etcd URL for --etcd). */
export interface LoadedResources {
  readonly resources: readonly Resource[];
  readonly origins: readonly string[];
  readonly problems: readonly CliProblem[];
  readonly files: readonly string[];
}

const MANIFEST_EXTENSIONS = /\.(ya?ml|json)$/i;

/**
 * Expands -f arguments: a file is taken as is; a directory contributes its `.yaml`, `.yml` and
 * `.json` files, recursively, in path order (hidden entries skipped). Paths print relative to cwd.
 */
export function manifestFiles(
  paths: readonly string[],
  cwd: string,
): { readonly files: readonly string[]; readonly problems: readonly CliProblem[] } {
  const files: string[] = [];
  const problems: CliProblem[] = [];
  const walk = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true })
      .filter((e) => !e.name.startsWith("."))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && MANIFEST_EXTENSIONS.test(entry.name)) files.push(full);
    }
  };
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    try {
      const stat = statSync(absolute);
      if (stat.isDirectory()) {
        const before = files.length;
        walk(absolute);
        if (files.length === before) {
          problems.push({
            code: "no-manifests",
            location: path,
            message: "directory holds no .yaml, .yml or .json files",
          });
        }
      } else {
        files.push(absolute);
      }
    } catch (error) {
      problems.push({ code: "no-file", location: path, message: fileErrorMessage(error) });
    }
  }
  return { files: files.map((f) => displayPath(f, cwd)), problems };
}

function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel.startsWith("..") || rel === "" ? file : rel;
}

function fileErrorMessage(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === "ENOENT") return "no such file or directory";
  if (code === "EACCES") return "permission denied";
  if (code === "EISDIR") return "is a directory";
  return error instanceof Error ? error.message : String(error);
}

/** Reads and parses every manifest file, collecting every problem with file:line:col. */
export function loadManifestSources(paths: readonly string[], cwd: string): LoadedResources {
  const { files, problems: fileProblems } = manifestFiles(paths, cwd);
  const problems: CliProblem[] = [...fileProblems];
  const resources: Resource[] = [];
  const origins: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(resolve(cwd, file), "utf8");
    } catch (error) {
      problems.push({ code: "no-file", location: file, message: fileErrorMessage(error) });
      continue;
    }
    try {
      for (const resource of loadManifests(text, { file })) {
        resources.push(resource);
        origins.push(file);
      }
    } catch (error) {
      if (!(error instanceof ManifestError)) throw error;
      for (const issue of error.issues) problems.push(manifestProblem(issue, file));
    }
  }
  return { resources, origins, problems, files };
}

function manifestProblem(issue: ManifestError["issues"][number], file: string): CliProblem {
  const path = issue.path.length > 0 ? `${formatPath(issue.path)}: ` : "";
  const line =
    issue.line === undefined ? "" : `:${issue.line}${issue.column === undefined ? "" : `:${issue.column}`}`;
  return { code: issue.code, location: `${issue.file ?? file}${line}`, message: `${path}${issue.message}` };
}

/** `spec.ingress[0].source.selector` from a field path. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = "";
  for (const part of path) out += typeof part === "number" ? `[${part}]` : out === "" ? part : `.${part}`;
  return out;
}

/** Reads a live etcd v3 datastore through the optional `etcd` subpath (etcd3 is an optional peer). */
export async function loadEtcdSource(url: string): Promise<LoadedResources> {
  let datastore: typeof import("../datastore/index.js");
  try {
    datastore = await import("../datastore/index.js");
  } catch (error) {
    return {
      resources: [],
      origins: [],
      files: [],
      problems: [
        {
          code: "no-etcd-client",
          location: "--etcd",
          message: `cannot load the etcd datastore support (${error instanceof Error ? error.message : String(error)}); install the optional peer dependency: npm install etcd3@1.1.2`,
        },
      ],
    };
  }
  try {
    const snapshot = await datastore.snapshotFromEtcd({ endpoints: [url] });
    return {
      resources: snapshot.resources,
      origins: snapshot.resources.map(() => url),
      files: [],
      problems: snapshot.problems.flatMap((p) =>
        p.issues.map((issue) => ({
          code: "etcd-problem",
          location: `${url} ${p.key}`,
          message: `${issue.path.length > 0 ? `${formatPath(issue.path)}: ` : ""}${issue.message}`,
        })),
      ),
    };
  } catch (error) {
    return {
      resources: [],
      origins: [],
      files: [],
      problems: [
        {
          code: "etcd-unreachable",
          location: url,
          message: error instanceof Error ? error.message : String(error),
        },
      ],
    };
  }
}

/** Problems from applying the loaded resources, each located by the file and resource it came from. */
export function applyProblems(error: ApplyError, loaded: LoadedResources): CliProblem[] {
  return error.issues.map((issue) => {
    const r = issue.resource;
    const who = r
      ? `${r.kind} ${r.namespace === undefined ? "" : `${r.namespace}/`}${r.name}`
      : `resource #${issue.index}`;
    const path = issue.path.length > 0 ? ` ${formatPath(issue.path)}` : "";
    return {
      code: issue.code,
      location: loaded.origins[issue.index] ?? "input",
      message: `${who}${path}: ${issue.message}`,
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
  const loaded = await loadResources(options, io);
  if (loaded.problems.length > 0) throw new CliFailure(loaded.problems);
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
export async function loadResources(
  options: { readonly files: readonly string[]; readonly etcd: string | undefined; readonly flag?: string },
  io: CliIo,
): Promise<LoadedResources> {
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
  return loadManifestSources(options.files, io.cwd);
}
