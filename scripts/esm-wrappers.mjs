#!/usr/bin/env node
// After `tsc -p tsconfig.build.json` (dist/cjs): for every entry of package.json's exports map
// writes what ESM and the type checkers need, from the compiled declarations alone (it never
// loads the addon, so a pack works before, or without, a native build):
//   dist/esm/<entry>.mjs    re-exports the CommonJS module: `import` and `require` give the same objects
//   dist/esm/<entry>.d.mts  its declarations: `export default` is the entry's default export in
//                           every resolution mode (node16/nodenext's ESM view of a CommonJS
//                           declaration file would make it the whole module instead)
//   dist/cjs/index.d.cts    the root's CommonJS declarations, `export =` the torch object, as
//                           `module.exports` is at run time (`import torch = require("torch-node")`)
//   dist/cjs/_defaults.d.ts the entries' default exports by name, read in CommonJS mode (where a
//                           default import is the `default` export whatever the importer's mode)
// and puts `/// <reference types="node" />` on the declaration files that use Node's types.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(path.join(root, "package.json"));
const ts = require("typescript");
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const RESERVED = new Set(("break case catch class const continue debugger default delete do else enum export extends false finally for " +
  "function if implements import in instanceof interface let new null package private protected public return static super switch " +
  "this throw true try typeof var void while with yield await arguments eval").split(" "));
const IDENT = /^[A-Za-z_$][\w$]*$/;
const NODE_REF = '/// <reference types="node" />\n';

const rel = (from, to) => {
  let r = path.relative(path.dirname(from), to).split(path.sep).join("/");
  return r.startsWith(".") ? r : "./" + r;
};
const abs = (p) => path.join(root, p);

// Node's types in the emitted declarations (Buffer, node:util's inspect.custom): reference them,
// so that a program whose tsconfig lists its own `types` still loads @types/node (a dependency).
const cjsDir = abs("dist/cjs");
(function refNode(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) { refNode(p); continue; }
    if (!p.endsWith(".d.ts")) continue;
    const text = fs.readFileSync(p, "utf8");
    if (!text.startsWith(NODE_REF) && /from "node:|\bBuffer\b|\bNodeJS\./.test(text)) fs.writeFileSync(p, NODE_REF + text);
  }
})(cjsDir);

const entries = Object.entries(pkg.exports).filter(([, t]) => typeof t === "object").map(([name, t]) => ({
  name, cjs: abs(t.require), dts: abs(t.require.replace(/\.js$/, ".d.ts")), esm: abs(t.import.default), dmts: abs(t.import.types),
  cts: t.types.endsWith(".d.cts") ? abs(t.types) : null,
}));
for (const e of entries) if (!fs.existsSync(e.dts)) throw new Error(`${path.relative(root, e.dts)} is missing: run tsc -p tsconfig.build.json first`);

const program = ts.createProgram(entries.map((e) => e.dts), {
  module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, target: ts.ScriptTarget.ES2022,
  noEmit: true, skipLibCheck: true, types: ["node"], typeRoots: [abs("node_modules/@types")],
});
const checker = program.getTypeChecker();
const resolved = (s) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);

const defaults = [];   // lines of dist/cjs/_defaults.d.ts
const defaultsFile = path.join(cjsDir, "_defaults.d.ts");
for (const [i, e] of entries.entries()) {
  const sf = program.getSourceFile(e.dts);
  const mod = checker.getSymbolAtLocation(sf);
  const exports = mod ? checker.getExportsOfModule(mod) : [];
  const def = exports.find((s) => s.name === "default");
  const values = exports.filter((s) => s.name !== "default" && resolved(s).flags & ts.SymbolFlags.Value).map((s) => s.name);
  // A module whose `module.exports` is its default export (lib/index.ts) also exports, at run
  // time, every property of that object (torch.randn as `import { randn }`).
  const js = fs.readFileSync(e.cjs, "utf8");
  const replaced = def && /\bmodule\.exports\s*=\s*[A-Za-z_$]/.test(js);
  const extra = replaced
    ? checker.getPropertiesOfType(checker.getTypeOfSymbolAtLocation(def, sf)).map((p) => p.name)
      .filter((n) => IDENT.test(n) && n !== "default" && n !== "__esModule" && !values.includes(n))
    : [];
  const key = `e${i}`;
  if (def) defaults.push(`export { default as ${key} } from "${rel(defaultsFile, e.dts).replace(/\.d\.ts$/, "")}";`);
  else defaults.push(`import * as ${key} from "${rel(defaultsFile, e.dts).replace(/\.d\.ts$/, "")}";`, `export { ${key} };`);

  // The ES module.
  const cjsRel = rel(e.esm, e.cjs);
  const names = [...values, ...extra];
  const lines = [`import m from "${cjsRel}";`, `export default m.default !== undefined ? m.default : m;`];
  const plain = names.filter((n) => !RESERVED.has(n)), reserved = names.filter((n) => RESERVED.has(n));
  if (plain.length) lines.push(`export const { ${plain.join(", ")} } = m;`);
  // Reserved words (torch.var) are exported through an alias: `export { _var as var }`.
  for (const n of reserved) lines.push(`const _${n} = m.${n};`, `export { _${n} as ${n} };`);
  fs.mkdirSync(path.dirname(e.esm), { recursive: true });
  fs.writeFileSync(e.esm, lines.join("\n") + "\n");

  // Its declarations.
  const dtsRel = rel(e.dmts, e.cjs);
  const d = [NODE_REF.trimEnd()];
  d.push(`export * from "${dtsRel}";`);
  d.push(`export { ${key} as default } from "${rel(e.dmts, defaultsFile).replace(/\.d\.ts$/, ".js")}";`);
  if (extra.length) {
    d.push(`import { ${key} as _default } from "${rel(e.dmts, defaultsFile).replace(/\.d\.ts$/, ".js")}";`);
    for (const n of extra) {
      if (RESERVED.has(n)) d.push(`declare const _${n}: typeof _default["${n}"];`, `export { _${n} as ${n} };`);
      else d.push(`export declare const ${n}: typeof _default["${n}"];`);
    }
  }
  fs.writeFileSync(e.dmts, d.join("\n") + "\n");

  // CommonJS declarations with `export =` where module.exports is the default export. A class
  // (never constructed: its constructor is private) merged with a namespace: the namespace
  // carries the named exports as themselves (values and types: `torch.nn.Module` as a type,
  // `import { nn } from` in CommonJS mode) and the object's other properties as constants; the
  // class carries the properties whose names a namespace cannot declare (`default`, `var`).
  if (e.cts) {
    if (!replaced) throw new Error(`${e.name}: types ${path.relative(root, e.cts)} but ${path.relative(root, e.cjs)} does not replace module.exports`);
    const c = [NODE_REF.trimEnd(), `import * as ns from "${rel(e.cts, e.cjs)}";`, `type Default = typeof ns.default;`];
    c.push(`declare class torch {`, `  private constructor();`, `  static default: Default;`);
    for (const n of extra.filter((n) => RESERVED.has(n))) c.push(`  static ${n}: Default["${n}"];`);
    c.push(`}`, `declare namespace torch {`);
    for (const ex of exports) {
      if (ex.name === "default") continue;
      const t = resolved(ex);
      if (t.flags & (ts.SymbolFlags.Value | ts.SymbolFlags.Namespace)) c.push(`  export import ${ex.name} = ns.${ex.name};`);
      else {
        const decl = t.declarations?.find((d) => d.typeParameters);
        const params = decl ? `<${decl.typeParameters.map((p) => p.getText()).join(", ")}>` : "";
        const args = decl ? `<${decl.typeParameters.map((p) => p.name.text).join(", ")}>` : "";
        c.push(`  export type ${ex.name}${params} = ns.${ex.name}${args};`);
      }
    }
    for (const n of extra.filter((n) => !RESERVED.has(n))) c.push(`  const ${n}: Default["${n}"];`);
    c.push(`}`, `export = torch;`);
    fs.writeFileSync(e.cts, c.join("\n") + "\n");
  }
}
fs.writeFileSync(defaultsFile, defaults.join("\n") + "\n");
console.log(`ESM wrappers and declarations written for ${entries.length} entries`);
