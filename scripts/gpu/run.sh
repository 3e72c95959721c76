#!/bin/bash
# On the GPU machine (Python torch with CUDA, cmake, g++, no Node), from the repo
# root: unpacks the node that scripts/gpu/pack.sh carried, builds the addon against
# Python torch's libtorch (CUDA), runs the tests, then one epoch of tutorial 002's
# CNN here and in Python, and prints both epoch times.
#   scripts/gpu/run.sh [--skip-build] [--no-epoch] [--tests "test/devices ..."] [--n 60000]
# Logs go to $OUT (the device tool's folder) or /tmp/tn-gpu-out.
set -uo pipefail
cd "$(dirname "$0")/../.."

TESTS="test/devices"
N=60000
BUILD=1
EPOCH=1
while [ $# -gt 0 ]; do
  case "$1" in
    --skip-build) BUILD=0 ;;
    --no-epoch) EPOCH=0 ;;
    --tests) [ $# -ge 2 ] || { echo "run.sh: --tests needs a value" >&2; exit 2; }; TESTS="$2"; shift ;;
    --n) [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --n needs a positive integer" >&2; exit 2; }; N="$2"; shift ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
LOG=${OUT:-/tmp/tn-gpu-out}
mkdir -p "$LOG"
status=0

# ---- node ----------------------------------------------------------------------
# TN_NODE_FROM_PACK=1 uses the packed node even where one is installed (to test this path).
if [ "${TN_NODE_FROM_PACK:-0}" = 1 ] || ! command -v node >/dev/null; then
  [ -f .node-bin/node.xz ] || { echo "run.sh: no node here and no .node-bin/node.xz (run scripts/gpu/pack.sh, carry .node-bin)" >&2; exit 1; }
  mkdir -p /tmp/tn-node/bin
  xz -dc .node-bin/node.xz > /tmp/tn-node/bin/node && chmod +x /tmp/tn-node/bin/node
  mkdir -p /tmp/tn-node/include && tar -C /tmp/tn-node/include -xJf .node-bin/node-include.tar.xz
  export PATH=/tmp/tn-node/bin:$PATH
fi
if [ ! -d node_modules/vitest ] || [ ! -d node_modules/cmake-js ]; then
  [ -f .node-bin/node_modules.tar.xz ] || { echo "run.sh: no node_modules and no .node-bin/node_modules.tar.xz" >&2; exit 1; }
  tar -xJf .node-bin/node_modules.tar.xz
fi

# ---- the Python with torch: the build's libtorch and the tests' reference ----------
PYTHON=""
for p in "${PYTHON_WITH_TORCH:-}" python3 /usr/bin/python3; do
  [ -n "$p" ] && "$p" -c "import torch" 2>/dev/null && { PYTHON=$(command -v "$p"); break; }
done
[ -n "$PYTHON" ] || { echo "run.sh: no python3 with torch" >&2; exit 1; }
export PYTHON
unset LIBTORCH

{
  echo "node $(node -v) ($(command -v node)), $(uname -m)"
  "$PYTHON" -c "import torch; print('python torch', torch.__version__, 'cuda', torch.version.cuda, 'available', torch.cuda.is_available(), torch.cuda.get_device_name(0) if torch.cuda.is_available() else '')"
  command -v nvidia-smi >/dev/null && nvidia-smi -L
  g++ --version 2>/dev/null | head -1 || echo "no g++"
  cmake --version 2>/dev/null | head -1 || echo "no cmake"
  node scripts/find-libtorch.js
} 2>&1 | tee "$LOG/env.log"

# ---- build ---------------------------------------------------------------------------
if [ $BUILD = 1 ]; then
  echo "== build"
  export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}
  if ! node node_modules/cmake-js/bin/cmake-js compile --CDCMAKE_BUILD_TYPE=Release > "$LOG/build.log" 2>&1; then
    tail -60 "$LOG/build.log"
    echo "run.sh: build failed (whole log: $LOG/build.log)" >&2
    exit 1
  fi
  tail -3 "$LOG/build.log"
fi
echo "== addon"
ldd build/Release/torch_node.node | grep -E "libtorch|libc10" | tee -a "$LOG/env.log"
node --import tsx scripts/gpu/check.ts 2>&1 | tee -a "$LOG/env.log" || status=1

# ---- tests -----------------------------------------------------------------------------
echo "== tests: $TESTS"
# shellcheck disable=SC2086
node node_modules/vitest/vitest.mjs run $TESTS > "$LOG/tests.log" 2>&1 || status=1
grep -E "✓|×|↓|Test Files|Tests |FAIL" "$LOG/tests.log" | tail -80

# ---- one epoch, here and in Python -------------------------------------------------------
if [ $EPOCH = 1 ]; then
  echo "== epoch (n=$N)"
  "$PYTHON" scripts/gpu/epoch.py --n "$N" > "$LOG/epoch_python.json" 2> "$LOG/epoch_python.err" || { cat "$LOG/epoch_python.err"; status=1; }
  node --import tsx scripts/gpu/epoch.ts --n "$N" > "$LOG/epoch_node.json" 2> "$LOG/epoch_node.err" || { cat "$LOG/epoch_node.err"; status=1; }
  node -e '
    const fs = require("fs");
    const read = (f) => { try { return JSON.parse(fs.readFileSync(f, "utf8").trim().split("\n").pop()); } catch { return null; } };
    const p = read(process.argv[1]), t = read(process.argv[2]);
    for (const r of [p, t]) if (r) console.log(`${r.impl.padEnd(10)} ${r.device.padEnd(6)} ${r.batches} batches of ${r.batch_size}: ${r.epoch_s.toFixed(2)} s  first losses ${r.first_losses.join(", ")}  mean ${r.mean_loss}`);
    if (p && t) console.log(`torch-node / python epoch time: ${(t.epoch_s / p.epoch_s).toFixed(2)}x`);
  ' "$LOG/epoch_python.json" "$LOG/epoch_node.json" | tee "$LOG/epoch.txt"
fi
exit $status
