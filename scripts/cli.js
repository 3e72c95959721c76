#!/usr/bin/env node
// npx torch-node build    builds the native addon against the libtorch found (what npm's
//                         install script does, for when npm did not run it)
// npx torch-node info     which libtorch would be used, and the state of the built addon
"use strict";
const fs = require("fs");
const path = require("path");

const cmd = process.argv[2];
const root = path.resolve(__dirname, "..");

if (cmd === "build") {
  require("./build-addon.js");
} else if (cmd === "info") {
  const { find, describe, HOW } = require("./find-libtorch");
  const { found, tried } = find();
  console.log(found ? describe(found) : `${HOW}\nTried:\n  ${tried.join("\n  ")}`);
  const addon = path.join(root, "build", "Release", "torch_node.node");
  let info = null;
  try { info = JSON.parse(fs.readFileSync(addon.replace(/\.node$/, ".json"), "utf8")); } catch { /* none */ }
  if (!fs.existsSync(addon)) console.log(`addon: not built (npx torch-node build)`);
  else if (info) console.log(`addon: ${addon}\n  built for Node ${info.node} (ABI ${info.modules}) against libtorch ${info.libtorch.version} (${info.libtorch.source})`);
  else console.log(`addon: ${addon} (built outside npx torch-node build)`);
  console.log(`this Node: ${process.version} (ABI ${process.versions.modules})`);
} else {
  console.log("usage: npx torch-node build   build the native addon against the libtorch found (LIBTORCH, Python's torch, the system's)\n" +
    "       npx torch-node info    which libtorch would be used, and the state of the built addon");
  process.exitCode = cmd === undefined || cmd === "help" || cmd === "--help" ? 0 : 2;
}
