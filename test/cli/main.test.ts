import { describe, expect, it } from "vitest";
import { bufferIo } from "../../src/cli/io.js";
import { COMMANDS, commandHelp, main, overallHelp } from "../../src/cli/main.js";

async function run(args: string[]) {
  const io = bufferIo({});
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe("main", () => {
  it("prints usage on stderr and exits 2 without a command", async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("usage: calico-policy <command> [options]");
  });

  it("lists every command in --help and exits 0", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.out).toContain(`  ${c.name} `);
    expect(r.out).toBe(overallHelp());
  });

  it("prints each command's help with --help, -h and `help <command>`", async () => {
    for (const c of COMMANDS) {
      const long = await run([c.name, "--help"]);
      expect(long.code).toBe(0);
      expect(long.out).toBe(commandHelp(c));
      expect(long.out).toContain(`usage: calico-policy ${c.name} `);
      expect(long.out).toContain("--no-color");
      expect((await run([c.name, "-h"])).out).toBe(long.out);
      expect((await run(["help", c.name])).out).toBe(long.out);
    }
  });

  it("exits 2 for an unknown command, naming it and the known ones", async () => {
    const r = await run(["chek"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('error: unknown command "chek"; commands: check, explain');
  });

  it("exits 2 for an unknown option, naming it, with the command's usage", async () => {
    const r = await run(["check", "--form", "a/b"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("error: check: Unknown option '--form'");
    expect(r.err).toContain("usage: calico-policy check -f");
  });

  it("exits 2 for an option given twice, naming both values", async () => {
    const r = await run(["check", "-f", "x", "--from", "a/b", "--to", "c/d", "--port", "80", "--port", "81"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('error: check: option --port is given twice ("80" and "81"): give it once');
    // Repeatable options stay repeatable.
    expect((await run(["validate", "-f", "no-such-a", "-f", "no-such-b"])).err).not.toContain("given twice");
  });

  it("exits 2 for a -n that is not a namespace name", async () => {
    for (const bad of ["", "__proto__", "Kube-System"]) {
      const r = await run(["matrix", "-f", "x", "-n", bad]);
      expect(r.code, bad).toBe(2);
      expect(r.err).toContain(`error: -n: ${JSON.stringify(bad)}: expected a namespace name`);
    }
  });

  it("exits 2 for an output format the command does not have", async () => {
    const r = await run(["check", "-o", "dot", "--from", "a/b", "--to", "c/d", "--port", "80"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('error: -o: unknown output format "dot": expected text, json');
  });

  it("exits 2 for missing and extra positional arguments", async () => {
    expect((await run(["explain", "-f", "x"])).err).toContain("missing argument: <namespace/name>");
    expect((await run(["explain", "-f", "x", "a/b", "c/d"])).err).toContain('unexpected argument "c/d"');
  });

  it("exits 2 when no cluster is given", async () => {
    const r = await run(["explain", "a/b"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("no cluster given: use -f <file|dir> (repeatable) or --etcd <url>");
  });

  it("prints the package version with --version", async () => {
    const r = await run(["--version"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^calico-policy \d+\.\d+\.\d+\n$/);
  });
});
