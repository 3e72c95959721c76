// package.json's "exports" and "typesVersions": the namespaces Python code imports by path
// (torch.backends, torch.nn.init, torch.optim.lr_scheduler, ...) each have an entry of the one
// form scripts/esm-wrappers.mjs builds from, over a source under lib/ whose exports are the
// torch object's namespace's own. Fast: reads the sources, builds nothing (install.test.ts
// loads every entry from the packed package).
import { describe, it, expect } from "vitest";
import fs from "node:fs";
import path from "node:path";
import torch from "../../lib/index";

const ROOT = path.resolve(__dirname, "..", "..");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

// Subpath -> where it is on the torch object (null: not a torch namespace).
const NAMESPACES: Record<string, string | null> = {
  nn: "nn", "nn/functional": "nn.functional", "nn/init": "nn.init", "nn/utils": "nn.utils", "nn/parallel": "nn.parallel",
  optim: "optim", "optim/lr_scheduler": "optim.lr_scheduler", "utils/data": "utils.data", jit: "jit", distributed: "distributed",
  backends: "backends", accelerator: "accelerator", multiprocessing: "multiprocessing", cuda: "cuda", autograd: "autograd",
  serialization: "serialization", torchvision: null, "torchvision/utils": null, "utils/tqdm": null, safetensors: null, pyplot: null,
};

// The compiled file of an entry, back to its source under lib/.
function source(entry: string): string {
  const rel = pkg.exports[entry].require.replace(/^\.\/dist\/cjs\//, "").replace(/\.js$/, ".ts");
  return path.join(ROOT, "lib", rel);
}

describe("package exports", () => {
  it("has one entry of the common form per namespace, over a source that exists, and the same in typesVersions", () => {
    const entries = Object.keys(pkg.exports).filter((k) => k !== "./package.json" && k !== ".");
    for (const ns of Object.keys(NAMESPACES)) expect(entries).toContain(`./${ns}`);
    for (const entry of entries) {
      const t = pkg.exports[entry];
      const p = /^\.\/dist\/cjs\/(.+)\.js$/.exec(t.require)?.[1];
      expect(p, entry).toBeTruthy();
      expect(t, entry).toEqual({ import: { types: `./dist/esm/${p}.d.mts`, default: `./dist/esm/${p}.mjs` }, types: `./dist/cjs/${p}.d.ts`, require: `./dist/cjs/${p}.js` });
      expect(Object.keys(t), entry).toEqual(["import", "types", "require"]);
      expect(fs.existsSync(source(entry)), `${entry}: ${source(entry)}`).toBe(true);
      expect(pkg.typesVersions["*"][entry.slice(2)], entry).toEqual([`dist/cjs/${p}.d.ts`]);
    }
    expect(Object.keys(pkg.typesVersions["*"]).sort()).toEqual(entries.map((e) => e.slice(2)).sort());
  });

  it("each torch namespace's entry exports what the torch object has there, the same objects", async () => {
    for (const [ns, at] of Object.entries(NAMESPACES)) {
      if (at === null) continue;
      const onTorch = at.split(".").reduce((o: any, k) => o?.[k], torch);
      if (onTorch === undefined) continue;   // torch.accelerator before 2.6
      const mod: Record<string, unknown> = await import(source(`./${ns}`));
      const shared = Object.keys(onTorch).filter((k) => k in mod && (typeof onTorch[k] === "function" || typeof onTorch[k] === "object"));
      expect(shared.length, ns).toBeGreaterThan(0);
      for (const k of shared) expect(mod[k], `${ns}.${k}`).toBe(onTorch[k]);
    }
  });
});
