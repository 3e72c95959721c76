#!/usr/bin/env node
// Writes dist/esm/<entry>.mjs for every entry of package.json's exports map: each
// re-exports the CommonJS module, so `import` and `require` give the same objects.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const require = createRequire(import.meta.url);
const RESERVED = new Set(("break case catch class const continue debugger default delete do else enum export extends false finally for " +
  "function if implements import in instanceof interface let new null package private protected public return static super switch " +
  "this throw true try typeof var void while with yield await arguments eval").split(" "));

for (const [entry, target] of Object.entries(pkg.exports)) {
  if (typeof target !== "object") continue;
  const cjs = path.join(root, target.require);
  const esm = path.join(root, target.import);
  if (!fs.existsSync(cjs)) { console.warn(`skip ${entry}: ${target.require} not built`); continue; }
  const mod = require(cjs);
  const names = Object.keys(mod).filter((k) => k !== "default" && k !== "__esModule" && /^[A-Za-z_$][\w$]*$/.test(k));
  let rel = path.relative(path.dirname(esm), cjs).split(path.sep).join("/");
  if (!rel.startsWith(".")) rel = "./" + rel;
  const lines = [`import m from "${rel}";`];
  lines.push(`export default m.default !== undefined ? m.default : m;`);
  // Reserved words (torch.var) are exported through an alias: `export { _var as var }`.
  const plain = names.filter((n) => !RESERVED.has(n));
  const reserved = names.filter((n) => RESERVED.has(n));
  if (plain.length) lines.push(`export const { ${plain.join(", ")} } = m;`);
  for (const n of reserved) lines.push(`const _${n} = m.${n};\nexport { _${n} as ${n} };`);
  fs.mkdirSync(path.dirname(esm), { recursive: true });
  fs.writeFileSync(esm, lines.join("\n") + "\n");
}
console.log("ESM wrappers written");
