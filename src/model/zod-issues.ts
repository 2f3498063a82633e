/**
 * Maps zod's issues to ResourceIssues with specific messages: the field, the value and what
 * was expected. Issues raised by this project's own checks carry their code in `params.code`.
 */
import type * as z from "zod";
import { UNKNOWN_FIELD_PREFIX } from "./fields.js";
import type { IssuePath, ResourceIssue } from "./issues.js";
import { describeValue, typeOfValue } from "./issues.js";

const EXPECTED_WORDS: ReadonlyMap<string, string> = new Map([
  ["string", "a string"],
  ["number", "a number"],
  ["boolean", "true or false"],
  ["object", "a mapping"],
  ["array", "a list"],
  ["undefined", "nothing"],
]);

/** Converts one zod issue (which may name several unknown keys) to ResourceIssues under `prefix`. */
export function fromZodIssue(issue: z.core.$ZodIssue, prefix: IssuePath = []): ResourceIssue[] {
  const path: IssuePath = [...prefix, ...(issue.path as (string | number)[])];
  const last = path[path.length - 1];
  const fieldName =
    last === undefined ? "value" : typeof last === "number" ? `item ${last}` : JSON.stringify(last);
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = issue.message.startsWith(UNKNOWN_FIELD_PREFIX)
        ? issue.message.slice(UNKNOWN_FIELD_PREFIX.length).split(", ")
        : [];
      return issue.keys.map((key) => {
        const hint = allowed.find((a) => a.toLowerCase() === key.toLowerCase());
        return {
          code: "unknown-field",
          message: `unknown field ${JSON.stringify(key)}${hint ? ` (did you mean ${JSON.stringify(hint)}?)` : ""}${allowed.length > 0 ? `: expected one of ${allowed.join(", ")}` : ""}`,
          path: [...path, key],
          value: (issue.input as Record<string, unknown> | undefined)?.[key],
        };
      });
    }
    case "invalid_type": {
      if (issue.input === undefined) {
        return [{ code: "required", message: `missing required field ${fieldName}`, path }];
      }
      const expected = EXPECTED_WORDS.get(issue.expected) ?? issue.expected;
      return [
        {
          code: "invalid-type",
          message: `expected ${expected}, got ${typeOfValue(issue.input)}${typeof issue.input === "object" ? "" : ` (${describeValue(issue.input)})`}`,
          path,
          value: issue.input,
        },
      ];
    }
    case "invalid_value":
      return [
        {
          code: "invalid-value",
          message: `invalid value ${describeValue(issue.input)}: expected ${issue.values.map((v) => JSON.stringify(v)).join(" or ")}`,
          path,
          value: issue.input,
        },
      ];
    case "too_big":
    case "too_small": {
      const count = Array.isArray(issue.input) ? ` (got ${issue.input.length})` : "";
      return [
        {
          code: issue.code === "too_big" ? "too-many" : "too-few",
          message: `${issue.message}${count}`,
          path,
        },
      ];
    }
    case "custom": {
      const code = (issue.params as { code?: string } | undefined)?.code ?? "invalid";
      if (code === "required") return [{ code, message: `missing required field ${fieldName}`, path }];
      return [
        { code, message: issue.message, path, ...(issue.input === undefined ? {} : { value: issue.input }) },
      ];
    }
    default:
      return [{ code: issue.code.replaceAll("_", "-"), message: issue.message, path, value: issue.input }];
  }
}
