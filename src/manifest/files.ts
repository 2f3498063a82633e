/**
 * loadManifestFiles: files and directories (recursively: *.yaml, *.yml, *.json, in sorted
 * order), with problems collected across all of them. Only regular files within the size limit
 * are read: a device, a named pipe or a socket is reported, never read (`/dev/zero` would fill
 * memory, a FIFO would wait for a writer forever).
 */
import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  readdirSync,
  readSync,
  realpathSync,
  type Stats,
  statSync,
} from "node:fs";
import { join } from "node:path";
import { typeOfValue } from "../model/issues.js";
import type { Resource } from "../model/types.js";
import { ManifestError, type ManifestIssue } from "./issues.js";
import { describeLimitProblem, MAX_MANIFEST_LENGTH } from "./limits.js";
import { type LoadResult, safeLoadManifests, sortByLocation } from "./load.js";
import { type ResourceOrigin, redefinitionWarnings } from "./redefinitions.js";

const MANIFEST_FILE = /\.(?:ya?ml|json)$/i;

/**
 * Lists the manifest files under the given paths: files as given, directories recursively and
 * sorted. A path that cannot be read, or that names something other than a regular file, is an
 * issue and is left out, wherever it was found.
 */
export function listManifestFiles(paths: readonly string[]): { files: string[]; issues: ManifestIssue[] } {
  const files: string[] = [];
  const issues: ManifestIssue[] = [];
  const visited = new Set<string>();
  const visit = (path: string, explicit: boolean): void => {
    let stat: Stats;
    try {
      stat = statSync(path);
    } catch (error) {
      issues.push(fileIssue(path, "file-not-found", `cannot read ${path}: ${errorText(error)}`));
      return;
    }
    if (stat.isDirectory()) {
      let entries: string[];
      try {
        const real = realpathSync(path);
        if (visited.has(real)) return;
        visited.add(real);
        entries = readdirSync(path).sort();
      } catch (error) {
        issues.push(fileIssue(path, "file-unreadable", `cannot read directory ${path}: ${errorText(error)}`));
        return;
      }
      for (const entry of entries) visit(join(path, entry), false);
    } else if (explicit || MANIFEST_FILE.test(path)) {
      if (stat.isFile()) files.push(path);
      else issues.push(notRegular(path, stat));
    }
  };
  if (!Array.isArray(paths)) {
    issues.push(
      fileIssue("<arguments>", "invalid-type", `expected a list of paths, got ${typeOfValue(paths)}`),
    );
    return { files, issues };
  }
  for (const path of paths) {
    if (typeof path === "string") visit(path, true);
    else
      issues.push(
        fileIssue("<arguments>", "invalid-type", `expected a path (a string), got ${typeOfValue(path)}`),
      );
  }
  return { files, issues };
}

/** A file's text, or why it was not read. */
export type ReadManifestResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly issue: ManifestIssue };

/**
 * Reads one manifest file as UTF-8, after checking on the open file that it is a regular file of
 * at most MAX_MANIFEST_LENGTH bytes (the limit on text is in UTF-16 code units, never more than
 * the bytes). Opens without blocking, so a named pipe is refused instead of waited on.
 */
export function readManifestFile(path: string): ReadManifestResult {
  const unreadable = (error: unknown): ReadManifestResult => ({
    ok: false,
    issue: fileIssue(path, "file-unreadable", `cannot read ${path}: ${errorText(error)}`),
  });
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return unreadable(error);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, issue: notRegular(path, stat) };
    const tooLarge = (length: number): ReadManifestResult => {
      const { code, message } = describeLimitProblem({ kind: "size", offset: 0, length }, "the file");
      return { ok: false, issue: fileIssue(path, code, message) };
    };
    if (stat.size > MAX_MANIFEST_LENGTH) return tooLarge(stat.size);
    // Bounded even when fstat's size is wrong: /proc files say 0, and a file can grow meanwhile.
    const bytes = readAtMost(fd, MAX_MANIFEST_LENGTH + 1);
    if (bytes.length > MAX_MANIFEST_LENGTH) return tooLarge(bytes.length);
    return { ok: true, text: bytes.toString("utf8") };
  } catch (error) {
    return unreadable(error);
  } finally {
    closeSync(fd);
  }
}

function readAtMost(fd: number, limit: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < limit) {
    const chunk = Buffer.allocUnsafe(Math.min(1 << 20, limit - total));
    const read = readSync(fd, chunk, 0, chunk.length, null);
    if (read === 0) break;
    chunks.push(chunk.subarray(0, read));
    total += read;
  }
  return Buffer.concat(chunks, total);
}

function notRegular(path: string, stat: Stats): ManifestIssue {
  const kind = stat.isDirectory()
    ? "a directory"
    : stat.isFIFO()
      ? "a named pipe"
      : stat.isSocket()
        ? "a socket"
        : stat.isCharacterDevice() || stat.isBlockDevice()
          ? "a device"
          : "not a file";
  return fileIssue(path, "not-a-regular-file", `cannot read ${path}: it is ${kind}, not a regular file`);
}

const ERRNO_WORDS: ReadonlyMap<string, string> = new Map([
  ["ENOENT", "no such file or directory"],
  ["EACCES", "permission denied"],
  ["ENOTDIR", "a part of the path is not a directory"],
  ["ELOOP", "too many symbolic links"],
]);

/** An errno's meaning in words (`no such file or directory`), or the error's message. */
function errorText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return (code === undefined ? undefined : ERRNO_WORDS.get(code)) ?? code ?? (error as Error).message;
}

function fileIssue(file: string, code: string, message: string): ManifestIssue {
  return { code, message, file, line: 1, column: 1, path: [] };
}

/** The non-throwing form of `loadManifestFiles`. */
export function safeLoadManifestFiles(
  paths: readonly string[],
): LoadResult & { readonly sources: ReadonlyMap<string, string> } {
  const { files, issues } = listManifestFiles(paths);
  const sources = new Map<string, string>();
  const resources: Resource[] = [];
  const origins: ResourceOrigin[] = [];
  const warnings: ManifestIssue[] = [];
  for (const file of files) {
    const read = readManifestFile(file);
    if (!read.ok) {
      issues.push(read.issue);
      continue;
    }
    const text = read.text;
    sources.set(file, text);
    const result = safeLoadManifests(text, { file });
    for (const item of result.warnings) warnings.push(item);
    if (!result.ok) {
      for (const item of result.issues) issues.push(item);
      continue;
    }
    for (const item of result.resources) resources.push(item);
    for (const item of result.origins) origins.push(item);
  }
  if (issues.length > 0) return { ok: false, issues: sortByLocation(issues), warnings, sources };
  for (const warning of redefinitionWarnings(resources, origins, true)) warnings.push(warning);
  return { ok: true, resources, origins, warnings, sources };
}

/** Loads every manifest under the given files and directories; throws ManifestError listing every problem. */
export function loadManifestFiles(paths: readonly string[]): Resource[] {
  const result = safeLoadManifestFiles(paths);
  if (!result.ok) throw new ManifestError(result.issues, result.sources);
  return result.resources;
}
