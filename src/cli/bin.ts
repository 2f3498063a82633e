#!/usr/bin/env node
/**
 * The calico-policy executable: runs main() on the process's arguments and sets the exit code.
 */
import { processIo } from "./io.js";
import { INTERNAL_ERROR, main } from "./main.js";

main(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = INTERNAL_ERROR;
  },
);
