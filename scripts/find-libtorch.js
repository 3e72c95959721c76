#!/usr/bin/env node
// Finds libtorch for both builds (CMakeLists.txt and binding.gyp), in this order:
//   1. $LIBTORCH             a libtorch folder (pytorch.org's zip)
//   2. Python's torch        $PYTHON, else the checkout's .venv (or, under npm, the installing
//                            project's .venv), else python3 (how CUDA builds are made)
//   3. the system            Debian's libtorch-dev
// TORCH_NODE_NO_PYTHON=1 skips the second and TORCH_NODE_NO_SYSTEM=1 the third (with LIBTORCH
// pointing nowhere, the tests hide every libtorch this way).
// Usage: find-libtorch.js            describe what was found (or how to get libtorch)
//        find-libtorch.js --json     everything, for CMake
//        find-libtorch.js --gyp=KEY  one space-separated list for node-gyp
"use strict";
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");
const { candidates } = require("./reference-python");

function tryPython(py) {
  try {
    const out = execFileSync(py, ["-c",
      "import torch, os, json; print(json.dumps({'prefix': torch.utils.cmake_prefix_path, 'root': os.path.dirname(torch.__file__), 'abi': int(torch._C._GLIBCXX_USE_CXX11_ABI), 'version': torch.__version__, 'cuda': torch.version.cuda}))"],
      { stdio: ["ignore", "pipe", "ignore"], timeout: 60000 }).toString();
    return JSON.parse(out.trim().split("\n").pop());
  } catch { return null; }
}

function abiFromConfig(configDir) {
  try {
    const text = fs.readFileSync(path.join(configDir, "TorchConfig.cmake"), "utf8");
    const m = text.match(/_GLIBCXX_USE_CXX11_ABI=(\d)/);
    return m ? Number(m[1]) : 1;
  } catch { return 1; }
}

// libtorch's version from its headers (torch/version.h; 2.x defines it in torch/headeronly/version.h).
function versionOf(inc) {
  for (const f of [["torch", "headeronly", "version.h"], ["torch", "csrc", "api", "include", "torch", "version.h"]]) {
    try {
      const text = fs.readFileSync(path.join(inc, ...f), "utf8");
      const m = text.match(/TORCH_VERSION\s*\\?\s*"([^"]+)"/);
      if (m) return m[1];
      const parts = ["MAJOR", "MINOR", "PATCH"].map((k) => (text.match(new RegExp(`TORCH_VERSION_${k}\\s+(\\d+)`)) || [])[1]);
      if (parts.every(Boolean)) return parts.join(".");
    } catch { /* next */ }
  }
  return null;
}
// The full version string as Python's torch.__version__ gives it ("2.14.1+cu130"): pytorch.org's
// zips carry it in build-version; the headers alone know "2.14.1".
function fullVersionOf(root, inc) {
  try { return fs.readFileSync(path.join(root, "build-version"), "utf8").trim(); } catch { return versionOf(inc); }
}

// The headers of libtorch 2.12 and later need C++20; older ones are built as C++17.
function cxxStandard(version) {
  const m = /^(\d+)\.(\d+)/.exec(version || "");
  return m && (Number(m[1]) > 2 || (Number(m[1]) === 2 && Number(m[2]) >= 12)) ? 20 : 17;
}

function fromRoot(root, source, abi) {
  const lib = path.join(root, "lib");
  const inc = path.join(root, "include");
  if (!fs.existsSync(path.join(inc, "ATen", "ATen.h")) || !fs.existsSync(lib)) return null;
  // A CUDA build (pip's CUDA wheels, pytorch.org's CUDA zip) has libtorch_cuda and
  // libc10_cuda beside libtorch; their own CUDA libraries (the wheel's nvidia/*/lib)
  // are found through libtorch_cuda's rpath. ROCm builds name them _hip.
  const hip = fs.existsSync(path.join(lib, "libtorch_hip.so"));
  const cuda = hip || fs.existsSync(path.join(lib, "libtorch_cuda.so"));
  const libs = ["torch", "torch_cpu", "c10"];
  if (cuda) libs.push(...(hip ? ["torch_hip", "c10_hip"] : ["torch_cuda", "c10_cuda"]));
  if (abi === undefined) abi = abiFromConfig(path.join(root, "share", "cmake", "Torch"));
  const version = fullVersionOf(root, inc);
  return { source, root, include: [inc, path.join(inc, "torch", "csrc", "api", "include")], libdir: lib, libs, abi, cuda, version, cxx_standard: cxxStandard(version) };
}

function find() {
  const tried = [];
  if (process.env.LIBTORCH) {
    const r = fromRoot(path.resolve(process.env.LIBTORCH), "LIBTORCH");
    if (r) return { found: r, tried };
    tried.push(`LIBTORCH=${process.env.LIBTORCH}: no include/ATen/ATen.h and lib/ there`);
  } else tried.push("LIBTORCH: not set");
  if (process.env.TORCH_NODE_NO_PYTHON) tried.push("Python: not searched (TORCH_NODE_NO_PYTHON is set)");
  else {
    // Under npm (INIT_CWD: where `npm install` ran), the project's own .venv comes after $PYTHON.
    const pys = candidates();
    const project = process.env.INIT_CWD && path.join(process.env.INIT_CWD, ".venv", "bin", "python");
    if (project && fs.existsSync(project) && !pys.includes(project)) pys.splice(process.env.PYTHON ? 1 : 0, 0, project);
    for (const py of pys) {
      const info = tryPython(py);
      if (!info) { tried.push(`${py}: no importable torch`); continue; }
      const r = fromRoot(info.root, `Python torch ${info.version} (${py})`, info.abi);
      if (r) {
        Object.assign(r, { version: info.version, cxx_standard: cxxStandard(info.version) });
        return { found: r, tried };
      }
      tried.push(`${py}: torch ${info.version} at ${info.root} has no C++ headers and libraries`);
    }
  }
  if (process.env.TORCH_NODE_NO_SYSTEM) {
    tried.push("system: not searched (TORCH_NODE_NO_SYSTEM is set)");
    return { found: null, tried };
  }
  for (const cfg of ["/usr/lib/x86_64-linux-gnu/cmake/Torch", "/usr/lib/aarch64-linux-gnu/cmake/Torch", "/usr/local/share/cmake/Torch"]) {
    if (!fs.existsSync(path.join(cfg, "TorchConfig.cmake"))) continue;
    const libdir = path.resolve(cfg, "..", "..");
    const prefix = libdir.startsWith("/usr/local") ? "/usr/local" : "/usr";
    const inc = path.join(prefix, "include");
    if (!fs.existsSync(path.join(inc, "ATen", "ATen.h"))) continue;
    const version = versionOf(inc);
    return { found: { source: "system (libtorch-dev)", root: prefix, include: [inc, path.join(inc, "torch", "csrc", "api", "include")],
      libdir, libs: ["torch", "torch_cpu", "c10"], abi: abiFromConfig(cfg), cuda: false, version, cxx_standard: cxxStandard(version) }, tried };
  }
  tried.push("system: no TorchConfig.cmake under /usr/lib/*/cmake/Torch");
  return { found: null, tried };
}

const HOW = `libtorch was not found. Any one of these works:
  - Debian/Ubuntu:  apt-get install libtorch-dev libopenblas0-pthread
  - Python torch:   pip install torch   (its bundled libtorch is used; this is how CUDA builds are made)
  - pytorch.org:    download the libtorch zip, unzip it, and set LIBTORCH=/path/to/libtorch`;

// What was found, in a few lines (this script's output and the install-time build's).
function describe(found) {
  return `libtorch: ${found.source}, version ${found.version ?? "unknown"}\n  root    ${found.root}\n  include ${found.include.join(" ")}\n  lib     ${found.libdir} (${found.libs.join(", ")})\n  C++ ABI _GLIBCXX_USE_CXX11_ABI=${found.abi}, C++${found.cxx_standard}\n  CUDA    ${found.cuda ? "yes (libtorch_cuda linked with --no-as-needed)" : "no"}`;
}

if (require.main === module) {
  const { found, tried } = find();
  const arg = process.argv[2] || "";
  if (!found) {
    console.error(HOW + "\nTried:\n  " + tried.join("\n  "));
    process.exit(1);
  }
  if (arg === "--json") process.stdout.write(JSON.stringify(found));
  else if (arg.startsWith("--gyp=")) {
    const key = arg.slice(6);
    const v = { include: found.include, libdir: [found.libdir], libs: found.libs.map((l) => "-l" + l), abi: [String(found.abi)], cuda: [found.cuda ? "1" : "0"],
      cxx_standard: [String(found.cxx_standard)], version: [found.version ?? "unknown"] }[key];
    process.stdout.write(v.join(" "));
  } else console.log(describe(found));
}
module.exports = { find, describe, versionOf, HOW };
