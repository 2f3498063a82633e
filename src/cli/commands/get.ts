/**
 * `calico-policy get`: calicoctl-style listings of the cluster's resources, as Calico sees them
 * (Kubernetes pods appear as WorkloadEndpoints, namespaces as kns.* profiles).
 */
import { stringify } from "yaml";
import type { CalicoResource } from "../../index.js";
import { calicoResources } from "../calico-view.js";
import {
  type CommandDef,
  ETCD_OPTION,
  FILE_OPTION,
  listOption,
  NAMESPACE_OPTION,
  stringOption,
} from "../command.js";
import { CliFailure, ExitCode } from "../problems.js";
import { cellOf, findKind, KIND_TABLES, sortForListing } from "../resource-tables.js";
import { loadCluster } from "../sources.js";
import { renderTable } from "../table.js";

/** The get command. */
export const getCommand: CommandDef = {
  name: "get",
  summary: "List resources as calicoctl does (wep, networkpolicy, gnp, tier, profile, netsets, ...).",
  usage: "-f <file|dir>... <kind> [name] [-n <namespace> | -A] [-o text|wide|json|yaml]",
  details: `kinds and aliases (any case):
${KIND_TABLES.map((k) => `  ${k.aliases.join(", ")}`).join("\n")}

Namespaced kinds list every namespace unless -n is given (-A says so explicitly), with a
NAMESPACE column as calicoctl shows it for -n and -A. exit codes: 0 listed, 1 a named resource does not exist, 2 bad input.`,
  options: {
    filename: FILE_OPTION,
    etcd: ETCD_OPTION,
    namespace: NAMESPACE_OPTION,
    "all-namespaces": { type: "boolean", short: "A", description: "all namespaces (the default without -n)" },
  },
  outputs: ["text", "wide", "json", "yaml"],
  positionals: { min: 1, max: 2, names: "<kind>" },
  async run({ io, values, positionals, output }) {
    const table = findKind(positionals[0]!);
    if (table === undefined) {
      throw new CliFailure([
        {
          code: "unknown-kind",
          location: "kind",
          message: `resource type ${JSON.stringify(positionals[0])} is not supported; kinds: ${KIND_TABLES.map((k) => k.aliases[0]).join(", ")}`,
        },
      ]);
    }
    const namespace = stringOption(values, "namespace");
    if (namespace !== undefined && values["all-namespaces"] === true) {
      throw new CliFailure(
        [{ code: "usage", location: "-n", message: "give either -n <namespace> or -A, not both" }],
        {
          showUsage: true,
        },
      );
    }
    const name = positionals[1];
    const { engine } = await loadCluster(
      { files: listOption(values, "filename"), etcd: stringOption(values, "etcd") },
      io,
    );
    let resources: readonly CalicoResource[] = calicoResources(engine, table.kind);
    if (table.namespaced && namespace !== undefined)
      resources = resources.filter((r) => r.metadata.namespace === namespace);
    if (name !== undefined) resources = resources.filter((r) => r.metadata.name === name);
    const sorted = sortForListing(table, resources);
    if (name !== undefined && sorted.length === 0) {
      // calicoctl's ErrorResourceDoesNotExist names a namespaced resource as namespace/name.
      const which = table.namespaced && namespace !== undefined ? `${namespace}/${name}` : name;
      io.stderr(`resource does not exist: ${table.kind}(${which})\n`);
      return ExitCode.negative;
    }
    if (output === "json") {
      io.stdout(`${JSON.stringify(listOf(table.kind, sorted, name), null, 2)}\n`);
    } else if (output === "yaml") {
      io.stdout(stringify(listOf(table.kind, sorted, name)));
    } else {
      const columns = output === "wide" ? table.wideColumns : table.columns;
      // calicoctl shows the NAMESPACE column with -n as with -A.
      const headings = table.namespaced ? ["NAMESPACE", ...columns] : [...columns];
      io.stdout(
        renderTable(
          headings,
          sorted.map((r) => headings.map((c) => cellOf(r, c))),
        ),
      );
    }
    return ExitCode.ok;
  },
};

// calicoctl prints one named resource as itself, and a listing as the kind's typed list
// (`TierList`, `WorkloadEndpointList`...), which `apply` and this tool read back.
function listOf(kind: string, resources: readonly CalicoResource[], name: string | undefined): unknown {
  if (name !== undefined && resources.length === 1) return resources[0];
  return { apiVersion: "projectcalico.org/v3", kind: `${kind}List`, metadata: {}, items: resources };
}
