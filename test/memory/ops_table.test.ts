// The op surface comes from one table (docs/ops-table.md): scripts/ops.txt plus
// PyTorch's native_functions.yaml generate the C++ glue, the parser's table and the
// typings. The committed outputs must be what the generator makes now, and the
// built addon must export every native function the table names.
import { describe, it, expect } from "vitest";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { N } from "../../lib/native";
import { OPS } from "../../lib/_generated/ops";
import { PYTHON } from "../helpers/python";

const root = path.resolve(__dirname, "../..");
const OUTPUTS = ["native/ops.gen.cpp", "lib/_generated/ops.ts", "lib/_generated/types.ts"];

function yamlPath(): string | null {
  if (process.env.NATIVE_FUNCTIONS_YAML) return process.env.NATIVE_FUNCTIONS_YAML;
  try {
    const dir = execFileSync(PYTHON, ["-c", "import torchgen, os; print(os.path.dirname(torchgen.__file__))"],
      { stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
    const p = path.join(dir, "packaged/ATen/native/native_functions.yaml");
    return fs.existsSync(p) ? p : null;
  } catch { return null; }
}
const yaml = yamlPath();

describe("the op table", () => {
  it.skipIf(yaml === null)("npm run gen reproduces the committed outputs byte for byte", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "tn-gen-"));
    try {
      execFileSync(process.execPath, [path.join(root, "scripts/gen-ops.mjs"), "--out", out],
        { env: { ...process.env, NATIVE_FUNCTIONS_YAML: yaml! }, stdio: "pipe" });
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
});
