// Runs the reference Python's torch (scripts/reference-python.js: $PYTHON, else the
// checkout's .venv, else Debian's python3-torch) to compute references for tests.
// The snippet assigns `out`; tensors in it come back as { tensor, dtype, shape }.
import { execFileSync } from "node:child_process";

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const PYTHON: string = require("../../scripts/reference-python.js").PYTHON;

const PRELUDE = `
import json, math, sys
import torch
def _enc(o):
    if isinstance(o, torch.Tensor):
        t = o.detach().cpu()
        vals = t.to(torch.float64).tolist() if t.dtype in (torch.float16, torch.bfloat16) else t.tolist()
        return {"tensor": _fix(vals), "dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape)}
    if isinstance(o, torch.Size): return list(o)
    if isinstance(o, torch.dtype): return str(o)
    if isinstance(o, tuple): return [_enc(x) for x in o]
    if isinstance(o, list): return [_enc(x) for x in o]
    if isinstance(o, dict): return {str(k): _enc(v) for k, v in o.items()}
    if isinstance(o, float): return _fix(o)
    return o
def _fix(v):
    if isinstance(v, list): return [_fix(x) for x in v]
    if isinstance(v, float):
        if math.isnan(v): return "nan"
        if math.isinf(v): return "inf" if v > 0 else "-inf"
    return v
out = None
`;

/** Runs `code` in Python with torch imported; returns the JSON of `out`. */
export function py(code: string): any {
  const script = PRELUDE + code + "\nsys.stdout.write(json.dumps(_enc(out)))\n";
  const res = execFileSync(PYTHON, ["-c", script], { maxBuffer: 512 << 20, env: { ...process.env, OMP_NUM_THREADS: "1" } });
  return JSON.parse(res.toString());
}

/** Restores "nan"/"inf" strings in a Python result to numbers. */
export function num(v: any): any {
  if (Array.isArray(v)) return v.map(num);
  if (v === "nan") return NaN;
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  return v;
}

/**
 * Python's err(f): None, or [exception type, message]. Python 3.11 names a method's class in
 * argument errors ("Linear.__init__() got ..."); ours don't, so the class name is dropped.
 */
export const PY_ERR = `
import re
def err(f):
    try:
        f(); return None
    except Exception as e:
        return [type(e).__name__, re.sub(r"^\\w+\\.(?=\\w+\\(\\))", "", str(e.args[0]) if e.args else "")]
`;
