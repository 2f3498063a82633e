/**
 * `calico-policy select`: which workload endpoints and network sets a selector matches, with
 * inherited labels, exactly as a policy selector or a rule selector would see them.
 */
import { safeParseSelector } from "../../index.js";
import { calicoResources } from "../calico-view.js";
import {
  type CommandDef,
  ETCD_OPTION,
  FILE_OPTION,
  listOption,
  NAMESPACE_OPTION,
  stringOption,
} from "../command.js";
import { CliFailure, caretDetail, ExitCode } from "../problems.js";
import { loadCluster } from "../sources.js";
import { renderTable } from "../table.js";

/** One match: a workload endpoint or a network set, with its addresses. */
export interface SelectMatch {
  readonly kind: "WorkloadEndpoint" | "NetworkSet" | "GlobalNetworkSet";
  readonly namespace?: string;
  readonly name: string;
  readonly addresses: readonly string[];
}

/** The select command. */
export const selectCommand: CommandDef = {
  name: "select",
  summary: "List the workload endpoints and network sets a selector matches (with inherited labels).",
  usage: "-f <file|dir>... '<selector>' [-n <namespace>]",
  details: `Labels inherited from profiles count: a namespace's labels appear as pcns.<key>, a service
account's as pcsa.<key>, and every pod has projectcalico.org/namespace. With -n only that
namespace's endpoints and network sets are listed.

exit codes: 0 at least one match, 1 no match, 2 bad input (files, selector syntax)`,
  options: { filename: FILE_OPTION, etcd: ETCD_OPTION, namespace: NAMESPACE_OPTION },
  outputs: ["text", "json"],
  positionals: { min: 1, max: 1, names: "'<selector>'" },
  async run({ io, values, positionals, output }) {
    const text = positionals[0]!;
    const parsed = safeParseSelector(text);
    if (!parsed.ok) {
      const detail = caretDetail(parsed.error.format());
      throw new CliFailure([
        {
          code: "bad-selector",
          location: `selector:1:${parsed.error.offset + 1}`,
          message: parsed.error.message,
          ...(detail === undefined ? {} : { detail }),
        },
      ]);
    }
    const namespace = stringOption(values, "namespace");
    const { engine } = await loadCluster(
      { files: listOption(values, "filename"), etcd: stringOption(values, "etcd") },
      io,
    );
    const addresses = new Map<string, readonly string[]>();
    for (const r of calicoResources(engine)) {
      const key = `${r.kind}|${r.metadata.namespace ?? ""}/${r.metadata.name}`;
      if (r.kind === "WorkloadEndpoint") addresses.set(key, r.spec.ipNetworks ?? []);
      else if (r.kind === "NetworkSet" || r.kind === "GlobalNetworkSet")
        addresses.set(key, r.spec.nets ?? []);
    }
    const matches: SelectMatch[] = engine
      .selectAll(text, {
        ...(namespace === undefined ? {} : { namespace }),
        kinds: ["WorkloadEndpoint", "NetworkSet", "GlobalNetworkSet"],
      })
      .map((m) => ({
        kind: m.kind as SelectMatch["kind"],
        ...(m.namespace === undefined || m.namespace === "" ? {} : { namespace: m.namespace }),
        name: m.name,
        addresses: addresses.get(`${m.kind}|${m.namespace ?? ""}/${m.name}`) ?? [],
      }));
    if (output === "json") {
      io.stdout(`${JSON.stringify({ selector: parsed.selector.canonical, matches }, null, 2)}\n`);
    } else {
      io.stdout(`selector: ${parsed.selector.canonical}\n`);
      io.stdout(
        matches.length === 0
          ? "no endpoints or network sets match\n"
          : renderTable(
              ["KIND", "NAMESPACE", "NAME", "ADDRESSES"],
              matches.map((m) => [m.kind, m.namespace ?? "", m.name, m.addresses.join(",")]),
            ),
      );
    }
    return matches.length > 0 ? ExitCode.ok : ExitCode.negative;
  },
};
