// torch.distributed across processes on localhost: every collective on 2 and 4 ranks,
// DistributedDataParallel against one process on the whole batch and against Python's
// DDP, a group of Node and Python ranks, a dead rank, the launcher, and store errors.
import { describe, it, expect } from "vitest";
import net from "node:net";
import { group, json, worker, freePort, ROOT } from "./_launch";
import { py, PYTHON } from "../helpers/python";
import { DistributedSampler } from "torch-node/utils/data";
import { spawn } from "node:child_process";
import path from "node:path";
import { since } from "../../lib/version";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const close = (a: number[], b: number[], tol = 1e-6) => {
  expect(a.length).toBe(b.length);
  a.forEach((x, i) => expect(Math.abs(x - b[i])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b[i]))));
};

// What each rank's values are in _collectives.ts: base(r) = [0..3] + 10 r.
const base = (r: number) => range(4).map((i) => i + 10 * r);

function checkCollectives(outs: any[], ws: number) {
  const sum = (f: (r: number) => number[]) => range(4).map((i) => range(ws).reduce((s, r) => s + f(r)[i], 0));
  const plus1 = (r: number) => base(r).map((x) => x + 1);
  for (const o of outs) {
    const r = o.rank;
    expect(o.ws).toBe(ws);
    expect(o.backend).toBe("gloo");
    expect(o.all_reduce_SUM).toEqual(sum(plus1));
    expect(o.all_reduce_PRODUCT).toEqual(range(4).map((i) => range(ws).reduce((p, q) => p * plus1(q)[i], 1)));
    expect(o.all_reduce_MIN).toEqual(plus1(0));
    expect(o.all_reduce_MAX).toEqual(plus1(ws - 1));
    expect(o.all_reduce_BAND).toEqual([range(ws).reduce((a, q) => a & (q + 1), -1), 3, 5]);
    expect(o.broadcast).toEqual(base(ws - 1));
    expect(o.reduce).toEqual(r === 0 ? sum(base) : null);
    expect(o.all_gather).toEqual(range(ws).map(base));
    // 1.13's Gloo has no _allgather_base (Python 1.13 raises the same)
    if (since(2)) expect(o.all_gather_into_tensor).toEqual(range(ws).flatMap(base));
    else expect(o.all_gather_into_tensor.error).toMatch(/_allgather_base|does not support/);
    if (since(2)) expect(o.reduce_scatter_tensor).toEqual([0, 1].map((j) => range(ws).reduce((s, q) => s + 2 * r + j + q, 0)));
    else expect(o.reduce_scatter_tensor.error).toMatch(/_reduce_scatter_base|does not support/);
    expect(o.gather).toEqual(r === 0 ? range(ws).map(base) : null);
    expect(o.scatter).toEqual(Array(4).fill(r * 100));
    expect(o.send_recv).toEqual({ t: base((r + ws - 1) % ws), src: (r + ws - 1) % ws });
    expect(o.recv_any).toEqual(r === 0 ? range(ws).slice(1) : null);
    expect(o.async).toEqual({ done: true, t: sum(base), completed: true });
    expect(o.promise).toEqual(sum(base));
    expect(o.broadcast_object_list).toEqual([{ a: 1, b: [2, "x"] }, "s", 3.5]);
    expect(o.all_gather_object).toEqual(range(ws).map((q) => ({ r: q, s: "x".repeat(q) })));
    expect(o.new_group).toEqual(r === 0 || r === ws - 1 ? { t: [ws - 1], grank: r === 0 ? 0 : 1, gsize: 2 } : "non-member");
    expect(o.barrier).toBe(true);
    expect(o.store).toEqual({ got: `v${(r + 1) % ws}`, added: true });
    expect(o.destroyed).toBe(true);
  }
  return outs[0];
}

describe("collectives", () => {
  it("2 ranks, env://", async () => {
    const o = checkCollectives((await group("_collectives.ts", 2)).map(json), 2);
    // AVG: Gloo has it from 2.x; 1.13's Gloo raises, as Python's does
    if (since(2)) expect(o.all_reduce_AVG).toEqual(range(4).map((i) => i + 6));
    else expect(o.all_reduce_AVG.error).toMatch(/AVG/);
  });
  it("4 ranks, tcp:// and file://", async () => {
    const port = await freePort();
    const [tcp, file] = await Promise.all([
      group("_collectives.ts", 4, { args: [`tcp://127.0.0.1:${port}`] }),
      group("_collectives.ts", 2, { args: [`file:///tmp/tn-dist-${process.pid}-${Date.now()}`] }),
    ]);
    checkCollectives(tcp.map(json), 4);
    checkCollectives(file.map(json), 2);
  });
});

const PY_DDP = `
import os, sys, json, torch, torch.distributed as dist, torch.nn as nn
dist.init_process_group("gloo")
rank, ws = dist.get_rank(), dist.get_world_size()
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 2))
if rank != 0:
    with torch.no_grad():
        for p in model.parameters(): p.add_(1)
net = nn.parallel.DistributedDataParallel(model)
opt = torch.optim.SGD(net.parameters(), lr=0.1)
g = torch.Generator(); g.manual_seed(1)
X = torch.randn(8, 4, generator=g); Y = torch.randn(8, 2, generator=g)
per = 8 // ws
x, y = X[rank * per:(rank + 1) * per], Y[rank * per:(rank + 1) * per]
losses = []
for step in range(3):
    opt.zero_grad(); loss = nn.functional.mse_loss(net(x), y); loss.backward(); opt.step(); losses.append(loss.item())
opt.zero_grad(); h = per // 2
with net.no_sync():
    (nn.functional.mse_loss(net(x[:h]), y[:h]) / 2).backward()
(nn.functional.mse_loss(net(x[h:]), y[h:]) / 2).backward()
opt.step()
print(json.dumps({"rank": rank, "losses": losses, "params": [p.detach().reshape(-1).tolist() for p in model.parameters()], "keys": list(net.state_dict().keys())}))
dist.destroy_process_group()
# DDP keeps the group's Gloo threads alive past destroy_process_group, and one that drops its
# last work while the interpreter finalizes aborts the process (torch 2.x): leave without it
sys.stdout.flush()
os._exit(0)
`;

describe("DistributedDataParallel", () => {
  it("2 ranks equal one process on the whole batch, and Python's DDP", async () => {
    const [ddp, single, pyddp] = await Promise.all([
      group("_ddp.ts", 2),
      worker("_ddp.ts", { RANK: "0" }, { args: ["single"] }),
      group("", 2, { kinds: ["py", "py"], pyCode: PY_DDP }),
    ]);
    const [a, b] = ddp.map(json), s = json(single), [p0, p1] = pyddp.map(json);
    expect(a.keys).toEqual(s.keys.map((k: string) => `module.${k}`));
    expect(a.keys).toEqual(p0.keys);
    for (const [x, y] of [[a, b], [a, s], [a, p0], [b, p1]])
      x.params.forEach((t: number[], i: number) => close(t, y.params[i]));
    // each rank's loss is its half; their mean is the whole batch's
    a.losses.forEach((l: number, i: number) => close([(l + b.losses[i]) / 2], [s.losses[i]]));
    close(a.losses, p0.losses);
    close(b.losses, p1.losses);
  });
  it("find_unused_parameters", async () => {
    const [a, b] = (await group("_ddp.ts", 2, { args: ["ddp", "unused"] })).map(json);
    const s = json(await worker("_ddp.ts", { RANK: "0" }, { args: ["single"] }));
    for (const x of [a, b]) x.params.forEach((t: number[], i: number) => close(t, s.params[i]));
  });
});

const PY_MIXED = `
import json, torch, torch.distributed as dist
dist.init_process_group("gloo")
rank = dist.get_rank()
t = torch.arange(4, dtype=torch.float32) + rank * 10
dist.all_reduce(t)
b = torch.tensor([7.5, -1, 2]) if rank == 0 else torch.zeros(3)
dist.broadcast(b, 0)
c = torch.tensor([rank + 1.0])
dist.broadcast(c, 1)
print(json.dumps({"rank": rank, "all_reduce": t.tolist(), "broadcast": b.tolist(), "broadcast1": c.tolist()}))
dist.destroy_process_group()
`;

describe("interop and failures", () => {
  it("a Node rank and a Python rank in one group", async () => {
    for (const kinds of [["ts", "py"], ["py", "ts"]] as ("ts" | "py")[][]) {
      const outs = (await group("_mixed.ts", 2, { kinds, pyCode: PY_MIXED })).map(json);
      for (const o of outs) expect(o).toEqual({ rank: o.rank, all_reduce: [10, 12, 14, 16], broadcast: [7.5, -1, 2], broadcast1: [2] });
    }
  });
  it("a rank that dies makes the others raise within the timeout", async () => {
    const [r0, r1] = await group("_mixed.ts", 2, { args: ["die"], env: { TN_TIMEOUT: "10" } });
    expect(r1.code).toBe(3);
    const o = json(r0);
    expect(o.error).toBeTruthy();
    expect(o.ms).toBeLessThan(15_000);
  });
  it("wrong world size and a port in use give clear errors", async () => {
    const [r] = await group("_mixed.ts", 1, { env: { WORLD_SIZE: "2", TN_TIMEOUT: "3" } });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/[Tt]imed out|timeout/);
    const port = await freePort();
    const srv = net.createServer().listen(port, "127.0.0.1");
    await new Promise((res) => srv.once("listening", res));
    try {
      const [q] = await group("_mixed.ts", 1, { env: { MASTER_PORT: String(port), TN_TIMEOUT: "3" } });
      expect(q.code).not.toBe(0);
      expect(q.stderr).toMatch(/address already in use|EADDRINUSE|failed to (bind|listen)/i);
    } finally { srv.close(); }
  });
  it("torchrun-node starts the workers and stops them all when one fails", async () => {
    const port = await freePort();
    const run = (args: string[]) => new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const p = spawn(process.execPath, [path.join(ROOT, "scripts/torchrun.js"), "--nproc-per-node", "2", "--master-port", String(port), ...args],
        { cwd: ROOT, env: { ...process.env, TSX_TSCONFIG_PATH: path.join(ROOT, "test/examples/tsconfig.json"), TN_TIMEOUT: "10" } });
      let out = "", err = "";
      p.stdout.on("data", (d) => { out += d; });
      p.stderr.on("data", (d) => { err += d; });
      p.on("close", (code) => resolve({ code, out, err }));
    });
    const ok = await run([path.join(__dirname, "_mixed.ts")]);
    expect(ok.code).toBe(0);
    expect(ok.out.trim().split("\n").map((l) => JSON.parse(l).all_reduce)).toEqual([[10, 12, 14, 16], [10, 12, 14, 16]]);
    const bad = await run([path.join(__dirname, "_mixed.ts"), "die"]);
    expect(bad.code).toBe(3);
    expect(bad.err).toMatch(/rank 1 \(local_rank 1\) failed with exit code 3/);
  });
});

describe("DistributedSampler", () => {
  it("Python's order for each seed, epoch, rank, drop_last", () => {
    const cases = [[10, 3, true, 0, false, 0], [10, 3, true, 5, false, 2], [10, 4, true, 0, true, 1], [7, 2, false, 0, false, 0], [3, 5, true, 1, false, 0]];
    const ref = py(`
from torch.utils.data.distributed import DistributedSampler
out = []
for n, reps, shuffle, seed, drop, epoch in ${JSON.stringify(cases).replace(/true/g, "True").replace(/false/g, "False")}:
    row = []
    for r in range(reps):
        s = DistributedSampler(list(range(n)), num_replicas=reps, rank=r, shuffle=shuffle, seed=seed, drop_last=drop)
        s.set_epoch(epoch)
        row.append([list(s), len(s)])
    out.append(row)
`);
    cases.forEach(([n, reps, shuffle, seed, drop, epoch], i) => {
      range(reps as number).forEach((r) => {
        const s = new DistributedSampler({ length: n as number }, { num_replicas: reps as number, rank: r, shuffle: shuffle as boolean, seed: seed as number, drop_last: drop as boolean });
        s.set_epoch(epoch as number);
        expect([[...s], s.length]).toEqual(ref[i][r]);
      });
    });
  });
});
void PYTHON;
