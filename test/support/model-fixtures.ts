/**
 * Reads the resource-model fixtures (copies of the seed samples) from test/support/fixtures/model.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The text of a fixture file under test/support/fixtures/model. */
export function modelFixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`./fixtures/model/${name}`, import.meta.url)), "utf8");
}

/** Absolute path of a fixture under test/support/fixtures/model. */
export function modelFixturePath(name: string): string {
  return fileURLToPath(new URL(`./fixtures/model/${name}`, import.meta.url));
}
