#!/usr/bin/env node
// Generates the op glue from one table, the way tch-rs does:
//   scripts/ops.txt  (the op names we bind)
//   + scripts/schemas/*.txt (PyTorch's op schemas, one file per libtorch release line,
//     taken from that release's native_functions.yaml)
//   -> native/ops.gen.cpp      C++ glue, one function per overload
//   -> lib/_generated/ops.ts   the signature table the TypeScript argument parser reads
//   -> lib/_generated/types.ts the Tensor method and torch function typings
// An overload that not every release has is compiled under `#if TN_OPS_TAG == ...`
// (native/version.h) and carries the releases it exists in (`v`) in the table.
// The outputs are committed; run `npm run gen` after editing ops.txt.
// `--out DIR` writes them under DIR instead (test/memory/ops_table.test.ts checks that
// regenerating reproduces the committed files exactly). See docs/ops-table.md.
// `--schemas TAG=native_functions.yaml ...` refreshes scripts/schemas/TAG.txt from a release's yaml
// (torchgen/packaged/ATen/native/ in a torch install or wheel).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outIdx = process.argv.indexOf("--out");
const outRoot = outIdx >= 0 ? path.resolve(process.argv[outIdx + 1]) : root;
const schemaDir = path.join(root, "scripts/schemas");

// One line per declaration: the schema, then its variants.
if (process.argv.includes("--schemas")) {
  for (const a of process.argv.slice(process.argv.indexOf("--schemas") + 1)) {
    const [tag, file] = a.split("=");
    const decls = YAML.parse(fs.readFileSync(file, "utf8"));
    const lines = decls.map((d) => `${d.func}\t${(d.variants || "function").replace(/\s+/g, "")}`);
    fs.mkdirSync(schemaDir, { recursive: true });
    fs.writeFileSync(path.join(schemaDir, `${tag}.txt`), lines.join("\n") + "\n");
    console.log(`scripts/schemas/${tag}.txt: ${lines.length} schemas`);
  }
  process.exit(0);
}

// ---- schema parsing ---------------------------------------------------------------
function splitTop(s) {
  const out = [];
  let depth = 0, cur = "", quote = false;
  for (const c of s) {
    if (c === '"') quote = !quote;
    if (!quote && (c === "[" || c === "(")) depth++;
    if (!quote && (c === "]" || c === ")")) depth--;
    if (c === "," && depth === 0 && !quote) { out.push(cur.trim()); cur = ""; } else cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

function parseSchema(func) {
  const m = func.match(/^([\w]+)(?:\.(\w+))?\((.*)\) -> (.*)$/);
  if (!m) throw new Error("cannot parse " + func);
  const [, name, overload = "", argstr, retstr] = m;
  const args = [];
  let kwonly = false;
  for (let a of splitTop(argstr)) {
    if (a === "*") { kwonly = true; continue; }
    a = a.replace(/\(([\w!|]*) -> \*\)/, "($1)");
    const am = a.match(/^(\S+) (\w+)(?:=(.*))?$/);
    if (!am) throw new Error(`cannot parse arg ${a} in ${func}`);
    let [, type, aname, def] = am;
    const mutable = /\(\w!\)/.test(type);
    type = type.replace(/\([\w!|]*\)/, "");
    args.push({ type, name: aname, def, kwonly, mutable });
  }
  let rets = [];
  const r = retstr.trim();
  if (r !== "()") {
    const inner = r.startsWith("(") ? r.slice(1, -1) : r;
    for (let x of splitTop(inner)) {
      x = x.replace(/\(([\w!|]*) -> \*\)/, "($1)");
      const [t, n] = x.split(" ");
      rets.push({ type: t.replace(/\([\w!|]*\)/, ""), alias: (t.match(/\((\w)!?\)/) || [])[1], mutable: /!/.test(t), name: n });
    }
  }
  return { name, overload, args, rets };
}

// ---- type table -------------------------------------------------------------------
// code: the parser's type code; conv: C++ declaration; use: how to pass it.
function argKind(type) {
  let m;
  if (type === "Tensor") return "T";
  if (type === "Tensor?") return "T?";
  if (type === "Tensor[]") return "TL";
  if (type === "Tensor?[]") return "TOL";
  if (type === "Scalar") return "S";
  if (type === "Scalar?") return "S?";
  if (type === "int" || type === "SymInt") return "i";
  if (type === "int?" || type === "SymInt?") return "i?";
  if ((m = type.match(/^(?:int|SymInt)\[(\d*)\]$/))) return "il" + (m[1] || "");
  if ((m = type.match(/^(?:int|SymInt)\[(\d*)\]\?$/))) return "il?" + (m[1] || "");
  if (type === "float") return "f";
  if (type === "float?") return "f?";
  if (type === "float[]") return "fl";
  if (type === "float[]?") return "fl?";
  if (type === "bool") return "b";
  if (type === "bool?") return "b?";
  if ((m = type.match(/^bool\[(\d+)\]$/))) return "bl" + m[1];
  if (type === "str") return "s";
  if (type === "str?") return "s?";
  if (type === "ScalarType") return "dt";
  if (type === "ScalarType?") return "dt?";
  if (type === "Layout?") return "L?";
  if (type === "Device") return "D";
  if (type === "Device?") return "D?";
  if (type === "MemoryFormat") return "MF";
  if (type === "MemoryFormat?") return "MF?";
  if (type === "Generator?") return "G?";
  return null;
}

function cppDecl(kind, i, mutable) {
  const v = `info[${i}]`;
  const k = kind.replace(/\d+$/, "");
  switch (k) {
    case "T": return mutable ? `at::Tensor a${i} = get(${v});` : `const at::Tensor& a${i} = get(${v});`;
    case "T?": return `auto a${i} = to_opt_tensor(${v});`;
    case "TL": return `auto a${i} = to_tensor_vec(${v});`;
    case "TOL": return `auto a${i} = to_opt_tensor_list(${v});`;
    case "S": return `auto a${i} = to_scalar(${v});`;
    case "S?": return `auto a${i} = to_opt_scalar(${v});`;
    case "i": return `int64_t a${i} = to_int(${v});`;
    case "i?": return `auto a${i} = to_opt_int(${v});`;
    case "il": return `auto a${i} = to_int_vec(${v});`;
    case "il?": return `OptIntList a${i}(${v});`;
    case "f": return `double a${i} = to_double(${v});`;
    case "f?": return `auto a${i} = to_opt_double(${v});`;
    case "fl": return `auto a${i} = to_double_vec(${v});`;
    case "fl?": return `OptDoubleList a${i}(${v});`;
    case "b": return `bool a${i} = to_bool(${v});`;
    case "b?": return `auto a${i} = to_opt_bool(${v});`;
    case "bl": return `auto a${i} = to_bool_array<${kind.slice(2)}>(${v});`;
    case "s": return `std::string a${i} = to_string(${v});`;
    case "s?": return `OptString a${i}(${v});`;
    case "dt": return `auto a${i} = to_dtype(${v});`;
    case "dt?": return `auto a${i} = to_opt_dtype(${v});`;
    case "L?": return `c10::optional<at::Layout> a${i};`;
    case "D": return `auto a${i} = to_device(${v});`;
    case "D?": return `auto a${i} = to_opt_device(${v});`;
    case "MF": return `auto a${i} = static_cast<at::MemoryFormat>(to_int(${v}));`;
    case "MF?": return `auto a${i} = to_opt_memory_format(${v});`;
    case "G?": return `auto a${i} = to_opt_generator(${v});`;
  }
  throw new Error(kind);
}
function cppUse(kind, i) {
  const k = kind.replace(/\d+$/, "");
  if (k === "il?" || k === "fl?" || k === "s?") return `a${i}.ref()`;
  return `a${i}`;
}

// Schema defaults as JavaScript values.
const DTYPE_CODES = { uint8: 0, int8: 1, int16: 2, int32: 3, int: 3, int64: 4, long: 4, float16: 5, half: 5, float32: 6, float: 6, float64: 7, double: 7, bool: 11, bfloat16: 15 };
function jsDefault(def, kind) {
  if (def === undefined) return undefined;
  if (def === "None") return null;
  if (def === "True") return true;
  if (def === "False") return false;
  if (def === "Mean") return 1;
  if (def === "Sum") return 2;
  if (def === "contiguous_format") return 0;
  if (def === "inf") return Infinity;
  if (def === "-inf") return -Infinity;
  if (def.startsWith('"')) return JSON.parse(def);
  if (def.startsWith("'")) return def.slice(1, -1);
  if (def.startsWith("[")) return def === "[]" ? [] : JSON.parse(def);
  if (DTYPE_CODES[def] !== undefined && kind.startsWith("dt")) return DTYPE_CODES[def];
  const n = Number(def);
  if (!Number.isNaN(n)) {
    const m = kind.match(/^(il|bl)(\d+)$/);
    if (m) return Array(Number(m[2])).fill(kind.startsWith("bl") ? def === "True" : n);
    return n;
  }
  throw new Error("unknown default " + def);
}

// TypeScript types for the typings.
function tsType(kind) {
  const k = kind.replace(/\d+$/, "");
  return {
    T: "Tensor", "T?": "Tensor | null", TL: "Tensor[]", TOL: "(Tensor | null)[]", S: "number | boolean", "S?": "number | boolean | null",
    i: "number", "i?": "number | null", il: "number | number[]", "il?": "number | number[] | null", f: "number", "f?": "number | null",
    fl: "number[]", "fl?": "number[] | null", b: "boolean", "b?": "boolean | null", bl: "boolean[]", s: "string", "s?": "string | null",
    dt: "dtype", "dt?": "dtype | null", "L?": "null", D: "DeviceLike", "D?": "DeviceLike | null", MF: "memory_format", "MF?": "memory_format | null",
    "G?": "Generator | null",
  }[k];
}
function retKind(s) {
  if (s.rets.length === 0) return "none";
  if (s.rets.length === 1) {
    const r = s.rets[0];
    if (r.type === "Tensor" && r.mutable) {
      const selfArg = s.args.find((a) => a.mutable && a.type === "Tensor");
      if (selfArg && selfArg.name === s.args[0].name) return "self";
    }
    if (r.type === "Tensor") return "T";
    if (r.type === "Tensor[]") return "TL";
    if (r.type === "Scalar") return "S";
    if (r.type === "bool") return "b";
    if (r.type === "int" || r.type === "SymInt") return "i";
    if (r.type === "float") return "f";
    return null;
  }
  if (s.rets.every((r) => r.type === "Tensor" && !r.mutable)) return "TT";
  return null;
}

// ---- main -------------------------------------------------------------------------
// Releases oldest first; each tag is a TN_OPS_TAG value.
const releases = fs.readdirSync(schemaDir).filter((f) => f.endsWith(".txt")).map((f) => f.slice(0, -4)).sort((a, b) => Number(a) - Number(b));
const byRelease = new Map();
for (const tag of releases) {
  const byName = new Map();
  for (const line of fs.readFileSync(path.join(schemaDir, `${tag}.txt`), "utf8").split("\n")) {
    if (!line) continue;
    const [func, variants] = line.split("\t");
    const s = parseSchema(func);
    s.func = func;
    s.variants = variants.split(",");
    if (!byName.has(s.name)) byName.set(s.name, []);
    byName.get(s.name).push(s);
  }
  byRelease.set(tag, byName);
}
// name -> overloads in order of first appearance (newest release first), each with the releases
// that declare exactly that schema.
function overloadsOf(name) {
  const out = [];
  for (const tag of [...releases].reverse()) {
    for (const s of byRelease.get(tag).get(name) || []) {
      // int and SymInt bind alike: a schema that only changed one into the other is the same overload.
      const key = s.func.replace(/SymInt/g, "int");
      const same = out.find((o) => o.key === key && o.variants.join() === s.variants.join());
      if (same) same.tags.push(tag); else out.push({ ...s, key, tags: [tag] });
    }
  }
  for (const o of out) o.tags.reverse();
  return out.length ? out : null;
}

// out=: a function overload's out= form, as lib/_ops.ts schemaOf finds it at run time: the overload
// whose arguments are the functional form's (less a factory's tensor options) plus Tensor(a!) outputs.
// Compared on the schemas' own spelling (alias annotations kept), as the runtime reads them.
const TENSOR_OPTIONS = ["dtype", "layout", "device", "pin_memory"];
function rawArgs(func) {
  const m = func.match(/^\w+(?:\.\w+)?\((.*)\) -> /);
  return splitTop(m[1]).filter((a) => a !== "*").map((a) => a.match(/^(\S+) (\w+)(?:=(.*))?$/)).filter(Boolean)
    .map(([, type, name, def]) => ({ type, name, def }));
}
const isOutArg = (a) => /^Tensor\(\w!\)(\[\])?$/.test(a.type);
// The number of outputs of the out= form of `s` in any release that has `s` (0: none).
function outCount(name, s) {
  const key = (args) => args.filter((a) => !TENSOR_OPTIONS.includes(a.name)).map((a) => `${a.type.replace(/SymInt/g, "int")} ${a.name}=${a.def ?? ""}`).join(", ");
  for (const tag of [...s.tags].reverse()) {
    const all = byRelease.get(tag).get(name);
    const own = all.find((x) => x.overload === s.overload);
    const want = key(rawArgs(own.func));
    for (const o of all) {
      if (o === own) continue;
      const args = rawArgs(o.func);
      const outs = args.filter(isOutArg);
      if (outs.length === 0 || args.some((a) => !isOutArg(a) && /!/.test(a.type))) continue;
      if (key(args.filter((a) => !isOutArg(a))) === want) return outs.length;
    }
  }
  return 0;
}

const wanted = fs.readFileSync(path.join(root, "scripts/ops.txt"), "utf8")
  .split("\n").map((l) => l.replace(/#.*/, "").trim()).filter(Boolean).flatMap((l) => l.split(/\s+/));

// Ops with a native fast path of their own in front of ATen's (the overload's function name).
const OWN = { stack: "tn::stack" };
// Ops whose Tensor parameters Python also binds to numbers, as wrapped-number tensors
// (python_arg_parser's should_allow_numbers_as_tensors). Their Scalar overloads compute the same
// values, and take the Tensor overload (autograd's node) when self records grad (native/common.h).
const NUMBERS_AS_TENSORS = new Set(["add", "add_", "sub", "sub_", "mul", "mul_", "div", "div_", "true_divide", "true_divide_", "floor_divide", "floor_divide_"]);
const cpp = [];
const table = {};
const skipped = [];
const fnNames = new Set();
const fnTags = new Map();
const regs = [];
const outsOf = new Map();   // table entry -> its out= form's number of outputs (typings only)
for (const name of wanted) {
  const overloads = overloadsOf(name);
  if (!overloads) { skipped.push(`${name}: not in native_functions.yaml`); continue; }
  for (const s of overloads) {
    if (/^out$|_out$|^names|_names|Dimname/.test(s.overload) || s.args.some((a) => a.type.includes("Dimname"))) continue;
    if (s.args.some((a) => a.mutable && a.name !== s.args[0].name)) continue;   // out= forms
    const kinds = s.args.map((a) => argKind(a.type));
    const bad = kinds.findIndex((k) => k === null);
    if (bad >= 0) { skipped.push(`${name}.${s.overload}: arg type ${s.args[bad].type}`); continue; }
    const rk = retKind(s);
    if (rk === null) { skipped.push(`${name}.${s.overload}: return ${s.rets.map((r) => r.type).join(",")}`); continue; }
    const isFunc = s.variants.includes("function");
    const isMethod = s.variants.includes("method");
    const fn = s.overload ? `${name}_${s.overload}` : name;
    // A schema that changed between releases keeps its function name, under exclusive guards.
    const seen = fnTags.get(fn);
    if (seen && s.tags.some((t) => seen.has(t))) continue;
    if (!seen) fnTags.set(fn, new Set());
    for (const t of s.tags) fnTags.get(fn).add(t);
    fnNames.add(fn);
    const guard = s.tags.length === releases.length ? null : s.tags.map((t) => `TN_OPS_TAG == ${t}`).join(" || ");
    regs.push({ fn, guard });
    // C++
    const decl = s.args.map((a, i) => "  " + cppDecl(kinds[i], i, a.mutable)).join("\n");
    const uses = s.args.map((a, i) => cppUse(kinds[i], i));
    const call = isFunc ? `${OWN[fn] ?? `at::${name}`}(${uses.join(", ")})` : `a0.${name}(${uses.slice(1).join(", ")})`;
    let body;
    // A Scalar overload's number becomes a wrapped-number tensor where autograd records the op.
    const natScalar = NUMBERS_AS_TENSORS.has(name) && /^Scalar/.test(s.overload) && kinds[1] === "S";
    switch (rk) {
      case "none": case "self": body = `  ${call};\n  return env.Undefined();`; break;
      case "T": body = `  return wrap(env, ${call});`; break;
      case "TL": body = `  return wrap_list(env, ${call});`; break;
      case "S": body = `  return wrap_scalar(env, ${call});`; break;
      case "b": body = `  return Napi::Boolean::New(env, ${call});`; break;
      case "i": case "f": body = `  return Napi::Number::New(env, static_cast<double>(${call}));`; break;
      case "TT": {
        const n = s.rets.length;
        body = `  auto r = ${call};\n  auto out = Napi::Array::New(env, ${n});\n` +
          s.rets.map((_, k) => `  out.Set(${k}u, wrap(env, std::get<${k}>(r)));`).join("\n") + "\n  return out;";
        break;
      }
    }
    if (natScalar) {
      const wrappedUses = [...uses];
      wrappedUses[1] = "wrapped_number(a1)";
      const natCall = isFunc ? `at::${name}(${wrappedUses.join(", ")})` : `a0.${name}(${wrappedUses.slice(1).join(", ")})`;
      if (rk !== "T" && rk !== "self") throw new Error(`${fn}: unexpected return`);
      body = (rk === "T" ? `  if (records_grad(a0)) return wrap(env, ${natCall});\n` : `  if (records_grad(a0)) {\n    ${natCall};\n    return env.Undefined();\n  }\n`) + body;
    }
    const fnText = `// ${name}${s.overload ? "." + s.overload : ""}\nstatic Napi::Value op_${fn}(const Args& info) {\n  auto env = info.Env();\n  TN_TRY\n${decl}\n${body}\n  TN_CATCH(env)\n  return env.Undefined();\n}\n`;
    cpp.push(guard ? `#if ${guard}\n${fnText}#endif\n` : fnText);
    // table
    const entry = {
      fn,
      args: s.args.map((a, i) => {
        const e = [a.name, kinds[i]];
        if (a.def !== undefined || a.kwonly) e.push(a.def === undefined ? "__required__" : jsDefault(a.def, kinds[i]));
        if (a.kwonly) e.push(1);
        return e;
      }),
      ret: rk,
      ...(NUMBERS_AS_TENSORS.has(name) ? { nat: 1 } : {}),
      ...(rk === "TT" && s.rets[0].name ? { names: s.rets.map((r) => r.name) } : {}),
      method: isMethod ? 1 : 0,
      func: isFunc ? 1 : 0,
      ...(guard ? { v: s.tags.map(Number) } : {}),
    };
    (table[name] ||= []).push(entry);
    if (isFunc) outsOf.set(entry, outCount(name, s));
  }
}

const header = "// Generated by scripts/gen-ops.mjs from scripts/ops.txt and PyTorch's op schemas (scripts/schemas/). Do not edit.\n";
let out = header + `#include "common.h"\n#include "version.h"\n#include <ATen/ATen.h>\n\nnamespace tn {\n\n` + cpp.join("\n");
out += `\nvoid register_ops(Napi::Env env, Napi::Object exports) {\n` +
  regs.map(({ fn, guard }) => {
    const line = `  export_v8<op_${fn}>(env, exports, "${fn}");`;
    return guard ? `#if ${guard}\n${line}\n#endif` : line;
  }).join("\n") + "\n}\n\n}  // namespace tn\n";
fs.mkdirSync(path.join(outRoot, "native"), { recursive: true });
fs.writeFileSync(path.join(outRoot, "native/ops.gen.cpp"), out);

fs.mkdirSync(path.join(outRoot, "lib/_generated"), { recursive: true });
const json = JSON.stringify(table, (k, v) => (v === Infinity ? "__inf__" : v === -Infinity ? "__-inf__" : v));
fs.writeFileSync(path.join(outRoot, "lib/_generated/ops.ts"),
  header + `import { forRelease, type OpTable } from "../_ops";\n\n// name -> overloads: fn (native export), args [name, type, default?, kwonly?], ret; v: the releases\n// (TN_OPS_TAG) that have it, when not all do\n` +
  `export const OPS: OpTable = forRelease(${json.replace(/"__inf__"/g, "Infinity").replace(/"__-inf__"/g, "-Infinity").replace(/"__required__"/g, "undefined")});\n`);

// typings
function sig(entry, asMethod) {
  // A method's receiver is the `self` argument, not always the first (where(condition, self, other)).
  const selfAt = entry.args.findIndex((a) => a[0] === "self");
  const args = asMethod ? entry.args.filter((_, i) => i !== (selfAt >= 0 ? selfAt : 0)) : entry.args;
  const pos = [];
  const opts = [];
  let sawOptional = false;
  for (const [n, k, def, kw] of args) {
    const ty = tsType(k);
    const pname = n === "function" ? "fn" : n;
    if (!kw) {
      const optional = def !== undefined || entry.args.find((a) => a[0] === n).length > 2;
      if (optional) sawOptional = true;
      pos.push(`${pname}${optional || sawOptional ? "?" : ""}: ${ty}`);
    }
    opts.push(`${JSON.stringify(n)}?: ${ty}`);
  }
  // Python's factory functions also take requires_grad.
  if (args.some((a) => a[0] === "layout")) opts.push(`"requires_grad"?: boolean`);
  // A function (not a method, as in Python) whose op has an out= form takes out=.
  const nOut = asMethod ? 0 : outsOf.get(entry) ?? 0;
  if (nOut) opts.push(`"out"?: ${nOut > 1 ? "Tensor[]" : "Tensor"} | null`);
  const ret = { T: "Tensor", self: "this", TL: "Tensor[]", S: "number | boolean", b: "boolean", i: "number", f: "number", none: "void",
    TT: entry.names ? `TensorTuple<[${entry.names.map((n) => JSON.stringify(n)).join(", ")}]>` : "Tensor[]" }[entry.ret];
  const sigs = [];
  const r0 = asMethod ? ret : ret.replace("this", "Tensor");
  if (opts.length) {
    // Any argument may also be given by keyword: the options object may follow any
    // prefix of the positional arguments (`x.sum({ dim: 1 })`, `torch.linspace(0, 1, { steps: 5 })`).
    const posArgs = args.filter((a) => !a[3]);
    for (let k = pos.length; k >= 0; k--) {
      const rest = new Set(posArgs.slice(k).filter((_, j) => !pos[k + j].includes("?:")).map((a) => a[0]));
      const o = opts.map((e) => { const n = JSON.parse(e.slice(0, e.indexOf("?:"))); return rest.has(n) ? e.replace("?:", ":") : e; });
      sigs.push(`(${[...pos.slice(0, k), `options${rest.size ? "" : "?"}: { ${o.join("; ")} }`].join(", ")}): ${r0}`);
    }
  } else sigs.push(`(${pos.join(", ")}): ${r0}`);
  // int[] as varargs, as Python allows when it is the only positional argument
  const positional = args.filter((a) => !a[3]);
  if (positional.length === 1 && /^il$/.test(positional[0][1])) {
    const r = asMethod ? ret : ret.replace("this", "Tensor");
    sigs.push(`(...${positional[0][0]}: number[]): ${r}`);
    if (opts.length > 1) sigs.push(`(...args: [...${positional[0][0]}: number[], options: { ${opts.join("; ")} }]): ${r}`);
  }
  return sigs;
}
const methodLines = [];
const funcLines = [];
for (const [name, entries] of Object.entries(table)) {
  if (!/^[a-z_][a-z0-9_]*$/i.test(name) || name.startsWith("__")) continue;
  for (const e of entries) {
    if (e.method) for (const s of sig(e, true)) methodLines.push(`  ${name}${s};`);
    if (e.func) for (const s of sig(e, false)) funcLines.push(`  ${name}${s};`);
  }
}
fs.writeFileSync(path.join(outRoot, "lib/_generated/types.ts"),
  header + `import type { Tensor, TensorTuple } from "../tensor";\nimport type { dtype, DeviceLike, memory_format } from "../dtype";\nimport type { Generator } from "../random";\n\n` +
  `export interface TensorMethods {\n${[...new Set(methodLines)].join("\n")}\n}\n\nexport interface TorchFunctions {\n${[...new Set(funcLines)].join("\n")}\n}\n`);

const only = regs.filter((r) => r.guard).length;
console.log(`${regs.length} overloads of ${Object.keys(table).length} ops (${only} in some releases only: ${releases.join(", ")}); ${skipped.length} skipped`);
if (process.argv.includes("-v")) console.log(skipped.join("\n"));
