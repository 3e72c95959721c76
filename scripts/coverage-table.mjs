#!/usr/bin/env node
// Writes docs/nn-optim-coverage.md: the public names of torch.nn (its nn.Module subclasses),
// torch.nn.functional, torch.nn.init, torch.nn.utils, torch.optim and torch.optim.lr_scheduler
// in the linked Python, and whether torch-node has each; a left-out name carries its reason from
// REASONS below. `node scripts/coverage-table.mjs` reruns it; `--json` prints the table instead.
// test/optim/coverage.test.ts fails for a name Python has that torch-node lacks without a reason.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { PYTHON } = require("./reference-python.js");

/** Why a name is left out, per namespace. */
export const REASONS = {
  "torch.nn": {
    ...Object.fromEntries(["LazyLinear", "LazyBatchNorm1d", "LazyBatchNorm2d", "LazyBatchNorm3d", "LazyConv1d", "LazyConv2d", "LazyConv3d",
      "LazyConvTranspose1d", "LazyConvTranspose2d", "LazyConvTranspose3d", "LazyInstanceNorm1d", "LazyInstanceNorm2d", "LazyInstanceNorm3d"]
      .map((n) => [n, "lazy modules need uninitialized parameters (torch.nn.UninitializedParameter), which torch-node does not have"])),
    Container: "deprecated since PyTorch 0.4 (a Module that warns); Sequential and ModuleList replace it",
    DataParallel: "replicates a module over several GPUs from Python threads; torch-node runs one device per process",
  },
  "torch.nn.functional": {
    ...Object.fromEntries(["handle_torch_function", "has_torch_function", "has_torch_function_unary", "has_torch_function_variadic", "boolean_dispatch", "assert_int_or_pair"]
      .map((n) => [n, "Python-side helpers of functional.py (__torch_function__ dispatch, argument checks), not part of the API TypeScript code calls"])),
    ...Object.fromEntries(["grouped_mm", "scaled_mm", "scaled_grouped_mm"]
      .map((n) => [n, "low-precision CUDA matmul kernels (_grouped_mm, _scaled_mm) not in the op table"])),
  },
  "torch.nn.init": {},
  "torch.nn.utils": {},
  "torch.optim": {
    swap_in_optimizer_params_and_state: "needs torch.func's functional call machinery, which torch-node does not have",
  },
  "torch.optim.lr_scheduler": {},
};

const PY = String.raw`
import inspect, json, torch, torch.nn as nn, torch.nn.functional as F, torch.nn.init as init, torch.nn.utils as U, torch.optim as O
S = O.lr_scheduler
def public(mod, keep):
    return sorted(n for n in dir(mod) if not n.startswith('_') and keep(n, getattr(mod, n)))
def from_torch(o):
    m = getattr(o, '__module__', None)
    return m is None or m.startswith('torch')
out = {
  'torch.nn': public(nn, lambda n, o: inspect.isclass(o) and issubclass(o, nn.Module)),
  'torch.nn.functional': public(F, lambda n, o: callable(o) and not inspect.isclass(o) and not inspect.ismodule(o) and from_torch(o)),
  'torch.nn.init': public(init, lambda n, o: inspect.isfunction(o) and o.__module__ == 'torch.nn.init'),
  'torch.nn.utils': public(U, lambda n, o: (inspect.isfunction(o) or inspect.isclass(o)) and from_torch(o)),
  'torch.optim': sorted(getattr(O, '__all__', None) or public(O, lambda n, o: inspect.isclass(o) or inspect.ismodule(o))),
  'torch.optim.lr_scheduler': sorted(S.__all__),
}
print(json.dumps({'version': torch.__version__, 'names': out}))
`;

/** The linked Python's names per namespace. */
export function pythonNames() {
  return JSON.parse(execFileSync(PYTHON, ["-c", PY], { encoding: "utf8", maxBuffer: 64 << 20 }));
}

/** Which of the names torch-node has (the package from lib/, loaded through tsx). */
export function nodeHas(names) {
  const script = `
    const { nn, optim } = require(${JSON.stringify(path.join(ROOT, "lib/index.ts"))});
    const ns = { "torch.nn": nn, "torch.nn.functional": nn.functional, "torch.nn.init": nn.init, "torch.nn.utils": nn.utils,
      "torch.optim": optim, "torch.optim.lr_scheduler": optim.lr_scheduler };
    const names = JSON.parse(process.argv[1]);
    const out = {};
    for (const [k, list] of Object.entries(names)) out[k] = list.filter((n) => ns[k] != null && ns[k][n] !== undefined);
    process.stdout.write(JSON.stringify(out));`;
  const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
  const res = execFileSync(tsx, ["-e", script, JSON.stringify(names)], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 << 20 });
  return JSON.parse(res.slice(res.indexOf("{")));
}

/** Rows per namespace: { name, present, reason }. */
export function coverage() {
  const { version, names } = pythonNames();
  const has = nodeHas(names);
  const table = {};
  for (const [ns, list] of Object.entries(names)) {
    const present = new Set(has[ns]);
    table[ns] = list.map((name) => ({ name, present: present.has(name), reason: present.has(name) ? "" : REASONS[ns]?.[name] ?? "" }));
  }
  return { version, table };
}

function markdown({ version, table }) {
  let s = `# torch.nn and torch.optim coverage\n\nGenerated by \`node scripts/coverage-table.mjs\` against Python's torch ${version}: every public name of each namespace there, and whether torch-node has it. A left-out name gives its reason (kept in the script); one without a reason is still to do.\n`;
  for (const [ns, rows] of Object.entries(table)) {
    const n = rows.filter((r) => r.present).length;
    s += `\n## ${ns}\n\n${n} of ${rows.length} present.\n\n| name | present | reason left out |\n|---|---|---|\n`;
    for (const r of rows) s += `| \`${r.name}\` | ${r.present ? "yes" : "no"} | ${r.reason.replace(/\|/g, "\\|")} |\n`;
  }
  return s;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const cov = coverage();
  if (process.argv.includes("--json")) process.stdout.write(JSON.stringify(cov));
  else {
    fs.writeFileSync(path.join(ROOT, "docs", "nn-optim-coverage.md"), markdown(cov));
    const missing = Object.values(cov.table).flat().filter((r) => !r.present && !r.reason).length;
    console.log(`docs/nn-optim-coverage.md written (torch ${cov.version}); ${missing} names missing without a reason`);
  }
}
