/**
 * loadManifestFiles: files and directories (recursively: *.yaml, *.yml, *.json, in sorted
 * order), with problems collected across all of them.
 */
import { readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Resource } from "../model/types.js";
import { ManifestError, type ManifestIssue } from "./issues.js";
import { type LoadResult, safeLoadManifests, sortByLocation } from "./load.js";

const MANIFEST_FILE = /\.(?:ya?ml|json)$/i;

/** Lists the manifest files under the given paths: files as given, directories recursively and sorted. */
export function listManifestFiles(paths: readonly string[]): { files: string[]; issues: ManifestIssue[] } {
  const files: string[] = [];
  const issues: ManifestIssue[] = [];
  const visited = new Set<string>();
  const visit = (path: string, explicit: boolean): void => {
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(path);
    } catch (error) {
      issues.push(
        fileIssue(
          path,
          "file-not-found",
          `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        ),
      );
      return;
    }
    if (stat.isDirectory()) {
      const real = realpathSync(path);
      if (visited.has(real)) return;
      visited.add(real);
      const entries = readdirSync(path).sort();
      for (const entry of entries) visit(join(path, entry), false);
    } else if (explicit || MANIFEST_FILE.test(path)) {
      files.push(path);
    }
  };
  for (const path of paths) visit(path, true);
  return { files, issues };
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
  const warnings: ManifestIssue[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      issues.push(fileIssue(file, "file-unreadable", `cannot read ${file}: ${(error as Error).message}`));
      continue;
    }
    sources.set(file, text);
    const result = safeLoadManifests(text, { file });
    warnings.push(...result.warnings);
    if (result.ok) resources.push(...result.resources);
    else issues.push(...result.issues);
  }
  if (issues.length > 0) return { ok: false, issues: sortByLocation(issues), warnings, sources };
  return { ok: true, resources, warnings, sources };
}

/** Loads every manifest under the given files and directories; throws ManifestError listing every problem. */
export function loadManifestFiles(paths: readonly string[]): Resource[] {
  const result = safeLoadManifestFiles(paths);
  if (!result.ok) throw new ManifestError(result.issues, result.sources);
  return result.resources;
}
