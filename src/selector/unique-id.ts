import { createHash } from "node:crypto";

/** Calico's `hash.MakeUniqueID(prefix, content)`: `prefix + ":" + base64url-no-pad(SHA-224(prefix + ":" + content))`. */
export function makeUniqueId(prefix: string, content: string): string {
  const digest = createHash("sha224").update(`${prefix}:${content}`, "utf8").digest("base64url");
  return `${prefix}:${digest}`;
}

/** A selector's uniqueId from its canonical string: `"s:" + base64url(SHA-224("s:" + canonical))`. */
export function selectorUniqueId(canonical: string): string {
  return makeUniqueId("s", canonical);
}
