#!/usr/bin/env node
// torchrun for torch-node: starts --nproc-per-node workers of a script (.ts through tsx, as
// `./run main` runs the examples; .js/.mjs/.cjs through node) with torchrun's environment
// (RANK, WORLD_SIZE, LOCAL_RANK, LOCAL_WORLD_SIZE, GROUP_RANK, MASTER_ADDR, MASTER_PORT),
// watches them, and stops them all when one fails, exiting with its code.
//   npx torchrun-node --nproc-per-node 2 [--nnodes 1 --node-rank 0 --master-addr 127.0.0.1 --master-port 29500] train.ts [args...]
"use strict";
const { spawn } = require("child_process");
const path = require("path");
const fs = require("fs");

function usage(msg) {
  if (msg) process.stderr.write(`torchrun-node: ${msg}\n`);
  process.stderr.write("usage: torchrun-node [--nproc-per-node N] [--nnodes N] [--node-rank R] [--master-addr A] [--master-port P] [--standalone] script [args...]\n");
  process.exit(2);
}

function parse(argv) {
  const o = { nproc: 1, nnodes: 1, node_rank: 0, addr: "127.0.0.1", port: 29500, script: null, args: [] };
  const names = { "nproc-per-node": "nproc", nproc_per_node: "nproc", nnodes: "nnodes", "node-rank": "node_rank", node_rank: "node_rank",
    "master-addr": "addr", master_addr: "addr", "master-port": "port", master_port: "port" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) { o.script = a; o.args = argv.slice(i + 1); break; }
    if (a === "--standalone") continue;
    if (a === "-h" || a === "--help") usage();
    let [k, v] = a.slice(2).split("=", 2);
    if (!(k in names)) usage(`unknown option --${k}`);
    if (v === undefined) v = argv[++i];
    if (v === undefined) usage(`--${k} needs a value`);
    o[names[k]] = names[k] === "addr" ? v : Number(v);
  }
  if (!o.script) usage("no script given");
  for (const k of ["nproc", "nnodes", "port"]) if (!Number.isInteger(o[k]) || o[k] < 1) usage(`bad value for ${k}: ${o[k]}`);
  if (!Number.isInteger(o.node_rank) || o.node_rank < 0 || o.node_rank >= o.nnodes) usage(`--node-rank must be in [0, ${o.nnodes - 1}]`);
  return o;
}

function command(script) {
  if (/\.(ts|mts|cts|tsx)$/.test(script)) {
    let tsx = null;
    for (let d = process.cwd(); ; d = path.dirname(d)) {
      const c = path.join(d, "node_modules", ".bin", "tsx");
      if (fs.existsSync(c)) { tsx = c; break; }
      if (path.dirname(d) === d) break;
    }
    if (!tsx) { try { tsx = path.join(path.dirname(require.resolve("tsx/package.json")), "dist", "cli.mjs"); } catch { /* none */ } }
    if (!tsx) usage("running a TypeScript script needs tsx (npm install tsx)");
    return tsx.endsWith(".mjs") ? [process.execPath, [tsx, script]] : [tsx, [script]];
  }
  return [process.execPath, [script]];
}

function main() {
  const o = parse(process.argv.slice(2));
  const ws = o.nproc * o.nnodes;
  const [cmd, pre] = command(o.script);
  const children = [];
  let failed = null;
  let left = o.nproc;
  const stopAll = (sig) => { for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill(sig); };
  for (let local = 0; local < o.nproc; local++) {
    const rank = o.node_rank * o.nproc + local;
    const env = { ...process.env, RANK: String(rank), WORLD_SIZE: String(ws), LOCAL_RANK: String(local), LOCAL_WORLD_SIZE: String(o.nproc),
      GROUP_RANK: String(o.node_rank), ROLE_RANK: String(rank), ROLE_WORLD_SIZE: String(ws), MASTER_ADDR: o.addr, MASTER_PORT: String(o.port),
      TORCHELASTIC_RUN_ID: process.env.TORCHELASTIC_RUN_ID ?? "none", OMP_NUM_THREADS: process.env.OMP_NUM_THREADS ?? (o.nproc > 1 ? "1" : undefined) };
    if (env.OMP_NUM_THREADS === undefined) delete env.OMP_NUM_THREADS;
    const c = spawn(cmd, [...pre, ...o.args], { stdio: "inherit", env });
    children.push(c);
    c.on("exit", (code, signal) => {
      left--;
      if ((code !== 0 || signal) && failed === null) {
        failed = { rank, code: code ?? 1, signal };
        process.stderr.write(`torchrun-node: rank ${rank} (local_rank ${local}) failed with ${signal ? `signal ${signal}` : `exit code ${code}`}; stopping the other workers\n`);
        stopAll("SIGTERM");
        setTimeout(() => stopAll("SIGKILL"), 5000).unref();
      }
      if (left === 0) process.exit(failed ? failed.code || 1 : 0);
    });
  }
  for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => { stopAll(sig); });
}

main();
