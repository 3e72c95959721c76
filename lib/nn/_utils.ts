// Helpers shared by nn and optim: Python's argument binding (positional values, then a
// trailing options object for keywords) and Python's str() of the values extra_repr prints.
import { isOptions } from "../_ops";
import { Tensor } from "../tensor";
import { dtype } from "../dtype";
import { device } from "../device";
import { Generator } from "../random";
import { V } from "../version";

/** A parameter of a Python signature: [name] is required, [name, default] optional. */
export type Sig = readonly (readonly [string] | readonly [string, unknown])[];

/**
 * Binds `args` (positional values, then an optional options object) to `sig` as Python does.
 * Returns the values in signature order; raises Python's TypeErrors for bad calls.
 */
export function bindArgs(fname: string, sig: Sig, args: readonly unknown[], kwonly: Sig = []): any[] {
  let n = args.length;
  let kw: Record<string, unknown> | null = null;
  if (n > 0 && isOptions(args[n - 1])) { kw = args[n - 1] as Record<string, unknown>; n--; }
  if (n > sig.length) {
    const req = sig.filter((s) => s.length === 1).length;
    throw new TypeError(`${fname}() takes ${req === sig.length ? req : `from ${req} to ${sig.length}`} positional arguments but ${n} were given`);
  }
  const out = new Array(sig.length);
  const missing: string[] = [];
  for (let i = 0; i < sig.length; i++) {
    const s = sig[i];
    if (i < n && args[i] !== undefined) {
      if (kw !== null && s[0] in kw) throw new TypeError(`${fname}() got multiple values for argument '${s[0]}'`);
      out[i] = args[i];
    } else if (kw !== null && s[0] in kw && kw[s[0]] !== undefined) out[i] = kw[s[0]];
    else if (s.length === 2) out[i] = s[1];
    else missing.push(s[0]);
  }
  // Keyword-only parameters (after Python's `*`) come only from the options object.
  for (const s of kwonly) {
    if (kw !== null && s[0] in kw && kw[s[0]] !== undefined) out.push(kw[s[0]]);
    else if (s.length === 2) out.push(s[1]);
    else missing.push(s[0]);
  }
  if (kw !== null) {
    for (const k of Object.keys(kw)) {
      if (!sig.some((s) => s[0] === k) && !kwonly.some((s) => s[0] === k)) throw new TypeError(`${fname}() got an unexpected keyword argument '${k}'`);
    }
  }
  if (missing.length) {
    const names = missing.map((m) => `'${m}'`);
    const list = names.length === 1 ? names[0] : names.slice(0, -1).join(", ") + " and " + names[names.length - 1];
    throw new TypeError(`${fname}() missing ${missing.length} required positional argument${missing.length > 1 ? "s" : ""}: ${list}`);
  }
  return out;
}

/** Python's repr() of a float. */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mant, e] = x.toExponential().split("e");
  const exp = Number(e);
  if (exp < -4 || exp >= 16) {
    const a = Math.abs(exp);
    return `${mant}e${exp < 0 ? "-" : "+"}${a < 10 ? "0" + a : a}`;
  }
  const s = String(x);
  return Number.isInteger(x) ? s + ".0" : s;
}

/** Python's str() of a value as extra_repr formats it; `float` prints numbers as Python floats. */
export function pyStr(v: unknown, float = false): string {
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return float ? pyFloat(v) : Number.isInteger(v) ? String(v) : pyFloat(v);
  if (typeof v === "string") return v;
  if (Array.isArray(v)) {
    const items = v.map((x) => (typeof x === "string" ? `'${x}'` : pyStr(x, float)));
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
  }
  if (v instanceof dtype || v instanceof device) return String(v);
  return String(v);
}

const NATIVE = /\{\s*\[native code\]\s*\}$/;
/** torch.typename(x) for error messages. */
export function typename(v: unknown): string {
  if (v instanceof Tensor) {
    const names: Record<string, string> = {
      float32: "torch.FloatTensor", float64: "torch.DoubleTensor", int64: "torch.LongTensor", int32: "torch.IntTensor",
      uint8: "torch.ByteTensor", bool: "torch.BoolTensor", float16: "torch.HalfTensor",
    };
    return names[v.dtype.name] ?? "torch.Tensor";
  }
  if (v === null || v === undefined) return "NoneType";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  if (typeof v === "string") return "str";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "list";
  if (v instanceof dtype) return "torch.dtype";
  if (v instanceof device) return "torch.device";
  // 1.13's torch._C.Generator has no __module__: Python names it bare
  if (v instanceof Generator && !V.generator_module) return "Generator";
  const c = (v as object).constructor as { name?: string; __module__?: string } | undefined;
  if (!c?.name) return typeof v;
  if (Object.hasOwn(c, "__module__")) return `${c.__module__}.${c.name}`;
  // a program's own class is __main__'s (as in lib/_object_repr.ts); JavaScript's built-ins keep their name
  return NATIVE.test(Function.prototype.toString.call(c)) ? c.name : `__main__.${c.name}`;
}

/** torch.nn.modules.utils._pair / _single / _triple: an int repeated, or the given list. */
export function ntuple(n: number, x: number | readonly number[]): number[] {
  if (Array.isArray(x)) return [...x];
  return Array(n).fill(x);
}

/** Python's ValueError (a plain Error named ValueError). */
export function valueError(msg: string): Error {
  const e = new Error(msg);
  e.name = "ValueError";
  return e;
}

const warned = new Set<string>();
/** Python's warnings.warn(msg, UserWarning) under the default filter: each message once. */
export function warn(msg: string, category = "UserWarning"): void {
  if (warned.has(msg)) return;
  warned.add(msg);
  process.emitWarning(msg, category);
}

/** Module.zero_grad and Optimizer.zero_grad: zero the gradients (1.13's default) or remove them. */
export function zeroGrads(params: Iterable<Tensor>, set_to_none: boolean | { set_to_none?: boolean }): void {
  const none = isOptions(set_to_none) ? set_to_none.set_to_none ?? false : set_to_none;
  for (const p of params) {
    const g = p.grad;
    if (g === null) continue;
    if (none) p.grad = null;
    else {
      if (g.grad_fn !== null) g.detach_();
      else g.requires_grad_(false);
      g.zero_();
    }
  }
}
