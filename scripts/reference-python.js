// The Python whose torch is the reference: $PYTHON, else the checkout's .venv (made by
// `./run setup`: torch and torchvision from pip), else Debian's python3-torch. libtorch
// discovery (find-libtorch.js), the tests and the benchmarks all ask here.
"use strict";
const fs = require("fs");
const path = require("path");

const VENV = path.resolve(__dirname, "..", ".venv", "bin", "python");

// In order of preference; $PYTHON first (node-gyp sets it to its own Python, which may lack torch).
function candidates() {
  return [...new Set([process.env.PYTHON, VENV, "/usr/bin/python3", "python3"])]
    .filter((p) => p && (!path.isAbsolute(p) || fs.existsSync(p)));
}

module.exports = { candidates, PYTHON: process.env.PYTHON || candidates()[0] };
