// tsc does not copy plain .js sources, so the committed peggy output is copied into dist here.
import { cpSync, mkdirSync, readdirSync } from "node:fs";

mkdirSync("dist/generated", { recursive: true });
for (const file of readdirSync("src/generated")) {
  if (file.endsWith(".js") || file.endsWith(".d.ts")) {
    cpSync(`src/generated/${file}`, `dist/generated/${file}`);
  }
}
