/**
 * JUnit XML for CI systems (GitLab, Jenkins, GitHub test reporters): one <testcase> per expected
 * flow, with a <failure> for each that did not hold.
 */

/** One test case: its name, the group it belongs to, its duration, and its failure if any. */
export interface JUnitCase {
  readonly name: string;
  readonly classname: string;
  readonly seconds: number;
  readonly failure?: { readonly message: string; readonly detail: string };
}

/** A complete JUnit XML document with one <testsuite>. */
export function renderJUnit(suite: string, cases: readonly JUnitCase[], seconds: number): string {
  const failures = cases.filter((c) => c.failure !== undefined).length;
  let xml = '<?xml version="1.0" encoding="UTF-8"?>\n';
  xml += `<testsuites name="${attr(suite)}" tests="${cases.length}" failures="${failures}" errors="0" time="${time(seconds)}">\n`;
  xml += `  <testsuite name="${attr(suite)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="${time(seconds)}">\n`;
  for (const c of cases) {
    const open = `    <testcase name="${attr(c.name)}" classname="${attr(c.classname)}" time="${time(c.seconds)}"`;
    if (c.failure === undefined) {
      xml += `${open}/>\n`;
    } else {
      xml += `${open}>\n`;
      xml += `      <failure message="${attr(c.failure.message)}" type="FlowVerdictMismatch">${text(c.failure.detail)}</failure>\n`;
      xml += "    </testcase>\n";
    }
  }
  xml += "  </testsuite>\n</testsuites>\n";
  return xml;
}

function time(seconds: number): string {
  return seconds.toFixed(6);
}

// XML 1.0 cannot carry most C0 control characters even escaped; drop them (names come from user YAML).
function clean(value: string): string {
  return value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "");
}

function text(value: string): string {
  return clean(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function attr(value: string): string {
  return text(value)
    .replace(/"/g, "&quot;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;")
    .replace(/\t/g, "&#9;");
}
