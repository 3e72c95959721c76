// The op surface comes from one table (docs/ops-table.md): scripts/ops.txt plus
// PyTorch's op schemas of each release line (scripts/schemas/) generate the C++ glue, the
// parser's table and the typings. The committed outputs must be what the generator makes now, and the
// built addon must export every native function the table names.
import { describe, it, expect } from "vitest";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { N } from "../../lib/native";
import { OPS } from "../../lib/_generated/ops";
import { py } from "../helpers/python";

const root = path.resolve(__dirname, "../..");
const OUTPUTS = ["native/ops.gen.cpp", "lib/_generated/ops.ts", "lib/_generated/types.ts"];

describe("the op table", () => {
  it("npm run gen reproduces the committed outputs byte for byte", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "tn-gen-"));
    try {
      execFileSync(process.execPath, [path.join(root, "scripts/gen-ops.mjs"), "--out", out],
        { stdio: "pipe" });
      for (const f of OUTPUTS) {
        const regenerated = fs.readFileSync(path.join(out, f), "utf8");
        const committed = fs.readFileSync(path.join(root, f), "utf8");
        expect(regenerated === committed, `${f} differs from what scripts/gen-ops.mjs generates: run npm run gen`).toBe(true);
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it("the built addon exports every native function the table names", () => {
    const fns = Object.values(OPS).flat().map((o) => o.fn);
    expect(fns.length).toBeGreaterThan(500);
    const missing = fns.filter((f) => typeof N[f] !== "function");
    expect(missing).toEqual([]);
  });

  it("every bound op has a method or a torch function typed in lib/_generated/types.ts", () => {
    const types = fs.readFileSync(path.join(root, "lib/_generated/types.ts"), "utf8");
    const untyped = Object.keys(OPS).filter((name) => /^[a-z][a-z0-9_]*$/i.test(name) && !types.includes(`  ${name}(`));
    expect(untyped).toEqual([]);
  });

  it("the table holds the linked release's overloads: those of Python's torch of that version", () => {
    const names = Object.keys(OPS).filter((n) => /^[a-z]/.test(n));
    // Python's torch._C._jit_get_schemas_for_operator lists the overloads of the linked version.
    const ref: Record<string, string[]> = py(`
names = ${JSON.stringify(names)}
out = {}
for n in names:
    out[n] = sorted(s.overload_name for s in torch._C._jit_get_schemas_for_operator("aten::" + n))`);
    for (const [name, overloads] of Object.entries(OPS)) {
      if (!ref[name]) continue;
      for (const o of overloads) {
        const overload = o.fn === name ? "" : o.fn.slice(name.length + 1);
        expect(ref[name], `${name}.${overload}`).toContain(overload);
      }
    }
    const has = (name: string, fn: string) => (OPS[name] ?? []).some((o) => o.fn === fn);
    const v2 = N.opsTag >= 213;
    expect(has("mm", "mm_dtype")).toBe(N.opsTag >= 214 || ref.mm.includes("dtype"));
    expect(has("squeeze", "squeeze_dims")).toBe(v2);
    expect(has("frobenius_norm", "frobenius_norm")).toBe(!v2);
  });
});
