#!/usr/bin/env node
// npm's `prepare`: runs on `npm install` in this checkout and when npm installs the package from
// a git URL or a folder (it then packs the folder, so dist/ must exist first). Compiles the
// TypeScript (`npm run build:ts`) when dist/ is missing or older than lib/; `prepack` always does.
"use strict";
const fs = require("fs");
const path = require("path");
const { spawnSync } = require("child_process");

const root = path.resolve(__dirname, "..");
const stamp = path.join(root, "dist", "esm", "index.d.mts");

function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

let built = 0;
try { built = fs.statSync(stamp).mtimeMs; } catch { /* not built */ }
const sources = Math.max(newest(path.join(root, "lib")), fs.statSync(path.join(root, "scripts", "esm-wrappers.mjs")).mtimeMs,
  fs.statSync(path.join(root, "package.json")).mtimeMs);
if (built && built >= sources) {
  console.log("torch-node: dist/ is up to date");
} else {
  const r = spawnSync("npm", ["run", "build:ts"], { cwd: root, stdio: "inherit" });
  process.exitCode = r.status ?? 1;
}
