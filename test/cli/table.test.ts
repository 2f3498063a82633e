import { describe, expect, it } from "vitest";
import { createStyle } from "../../src/cli/style.js";
import { renderTable } from "../../src/cli/table.js";

describe("renderTable", () => {
  it("pads every column but the last to its widest cell plus three spaces", () => {
    const text = renderTable(
      ["WORKLOAD", "NODE", "NETWORKS"],
      [
        ["web-1", "node1", "10.10.1.10/32"],
        ["payments-1", "node3", "10.10.2.30/32"],
      ],
    );
    expect(text).toBe(
      "WORKLOAD     NODE    NETWORKS\nweb-1        node1   10.10.1.10/32\npayments-1   node3   10.10.2.30/32\n",
    );
  });

  it("prints only the heading row when there are no rows", () => {
    expect(renderTable(["NAME", "ORDER"], [])).toBe("NAME   ORDER\n");
  });

  it("does not count colour escapes towards a column's width", () => {
    const style = createStyle(true);
    const text = renderTable(["A", "B"], [[style.green("x"), "y"]]);
    expect(text.split("\n")[1]).toBe(`${style.green("x")}   y`);
  });

  it("leaves missing cells empty and trims trailing spaces", () => {
    expect(renderTable(["A", "B"], [["only"]])).toBe("A      B\nonly\n");
  });
});
