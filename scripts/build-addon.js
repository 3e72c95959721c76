#!/usr/bin/env node
// Builds the native addon, build/Release/torch_node.node, against the libtorch that
// find-libtorch.js finds (LIBTORCH, then Python's torch, then the system's), with cmake-js, and
// writes build/Release/torch_node.json beside it: the Node ABI and the libtorch it was built for,
// which lib/native.ts checks before loading it.
//   build-addon.js             build (`npx torch-node build`)
//   build-addon.js --install   npm's install script: the same, except in a development checkout
//                              (./run or `npm run build:native` builds there) or with
//                              TORCH_NODE_SKIP_BUILD=1
// TORCH_NODE_BUILD_JOBS limits the parallel compiles (default: every core).
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { spawnSync } = require("child_process");
const { find, describe, versionOf, HOW } = require("./find-libtorch");

const root = path.resolve(__dirname, "..");
const addon = path.join(root, "build", "Release", "torch_node.node");
const REBUILD = "npm rebuild torch-node (or npx torch-node build)";
const log = (msg) => console.log(`torch-node: ${msg}`);
const fail = (msg) => { console.error(`torch-node: ${msg}`); return 1; };

function onPath(cmd) {
  return (process.env.PATH || "").split(path.delimiter).some((d) => {
    try { fs.accessSync(path.join(d, cmd), fs.constants.X_OK); return true; } catch { return false; }
  });
}

// The header that states libtorch's version, read again at load time (lib/native.ts).
function versionFile(found) {
  for (const inc of found.include) {
    for (const f of [["torch", "headeronly", "version.h"], ["torch", "csrc", "api", "include", "torch", "version.h"], ["torch", "version.h"]]) {
      const p = path.join(inc, ...f);
      if (fs.existsSync(p)) return p;
    }
  }
  return null;
}

function build() {
  const { found, tried } = find();
  if (!found) return fail(`${HOW}\nTried:\n  ${tried.join("\n  ")}\nThen build the addon: ${REBUILD}.`);
  log(`building the native addon for Node ${process.version} against\n${describe(found)}`);
  if (!onPath("cmake")) {
    return fail("cmake was not found on the PATH. The addon is compiled at install time and needs cmake and a C++ " +
      `compiler: apt-get install cmake g++ (ninja-build makes it faster), then ${REBUILD}.`);
  }
  let cmakeJs;
  try {
    const dir = path.dirname(require.resolve("cmake-js/package.json", { paths: [root] }));
    cmakeJs = path.join(dir, "bin", "cmake-js");
  } catch {
    return fail("cmake-js, a dependency of torch-node, is not installed: reinstall torch-node (npm install torch-node).");
  }
  const jobs = String(Number(process.env.TORCH_NODE_BUILD_JOBS) || (os.availableParallelism ? os.availableParallelism() : os.cpus().length));
  const t0 = Date.now();
  // rebuild: a fresh configure, so that a change of libtorch (or of Node) is always picked up;
  // ccache, where installed, keeps a repeated build short.
  const r = spawnSync(process.execPath, [cmakeJs, "rebuild", "--CDCMAKE_BUILD_TYPE=Release", "--parallel", jobs], { cwd: root, stdio: "inherit" });
  if (r.status !== 0 || !fs.existsSync(addon)) {
    return fail(`the addon build failed (its output is above). It needs cmake, a C++ compiler (g++ 11 or later for libtorch 2.12 and later), ` +
      `Node's headers (include/node beside the node binary, or NODE_INCLUDE_DIR) and libtorch; when they are there, ${REBUILD}.`);
  }
  const vf = versionFile(found);
  const info = {
    node: process.version, modules: process.versions.modules, napi: process.versions.napi, platform: process.platform, arch: process.arch,
    libtorch: { source: found.source, root: found.root, libdir: found.libdir, version: found.version, cuda: found.cuda,
      versionFile: vf, headerVersion: vf ? versionOf(found.include[0]) : null },
    built: new Date().toISOString(),
  };
  fs.writeFileSync(addon.replace(/\.node$/, ".json"), JSON.stringify(info, null, 2) + "\n");
  // Load it once in a fresh process: a libtorch that cannot be loaded shows here, not in the app.
  const check = spawnSync(process.execPath, ["-e", `process.stdout.write(require(${JSON.stringify(addon)}).version())`], { encoding: "utf8" });
  if (check.status !== 0) return fail(`the addon was built but does not load:\n${check.stderr}`);
  log(`built ${path.relative(process.cwd(), addon) || addon} in ${((Date.now() - t0) / 1000).toFixed(0)} s: libtorch ${check.stdout}, Node ${process.version}`);
  return 0;
}

function main() {
  if (process.argv.includes("--install")) {
    if (process.env.TORCH_NODE_SKIP_BUILD) {
      log("TORCH_NODE_SKIP_BUILD is set: the addon is not built now (npx torch-node build builds it)");
      return 0;
    }
    if (!root.split(path.sep).includes("node_modules")) {
      log("a development checkout: `npm install` does not build the addon here (./run setup or npm run build:native does)");
      return 0;
    }
  }
  return build();
}

process.exitCode = main();
