/** Calico's `MaxLabelLength` (tokenizer.go): a label longer than this many bytes is rejected. */
export const MAX_LABEL_LENGTH = 512;

/**
 * Deepest parenthesis nesting accepted. Calico has no limit (Go stacks grow); ours guards the
 * recursive-descent parser and the tree walks against stack overflow on hostile input. A
 * resource's selector is at most 1024 characters, so at most 509 levels deep as written, and
 * Calico's rewriting (namespace scope, service accounts, `pcns.` selectors) adds a few levels
 * before Felix parses it again: 640 leaves room for both, and stays well inside Node's default
 * stack (the parser and tree walks overflow it near 1,500 levels).
 */
export const MAX_NESTING_DEPTH = 640;

/** Label characters (tokenizer.go `identifierChar`): `[a-zA-Z0-9_./-]`. */
export function isLabelChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || // a-z
    (code >= 65 && code <= 90) || // A-Z
    (code >= 47 && code <= 57) || // / and 0-9
    code === 95 || // _
    code === 46 || // .
    code === 45 // -
  );
}

/** True when `s` is exactly one Calico label (Calico's `ValidLabel`). */
export function isValidLabel(s: string): boolean {
  if (s.length === 0 || s.length > MAX_LABEL_LENGTH) return false;
  for (let i = 0; i < s.length; i++) if (!isLabelChar(s.charCodeAt(i))) return false;
  return true;
}
