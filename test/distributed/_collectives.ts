// Worker: every collective on a group of WORLD_SIZE ranks; prints the results as JSON.
import torch from "torch-node";
import dist from "torch-node/distributed";

const INIT = process.argv[2] ?? "env://";
dist.init_process_group("gloo", { init_method: INIT, rank: Number(process.env.RANK), world_size: Number(process.env.WORLD_SIZE), timeout: 30 });
const rank = dist.get_rank(), ws = dist.get_world_size();
const out: Record<string, unknown> = { rank, ws, backend: dist.get_backend(), initialized: dist.is_initialized() };
const base = () => torch.arange(4, { dtype: torch.float32 }).add(rank * 10);
const tryIt = (name: string, f: () => unknown) => {
  if (process.env.TN_DEBUG) console.error(name);
  try { out[name] = f(); } catch (e) { out[name] = { error: (e as Error).message.split("\n")[0] }; }
};
for (const op of ["SUM", "PRODUCT", "MIN", "MAX", "AVG", "BAND"] as const) {
  tryIt(`all_reduce_${op}`, () => {
    const t = op === "BAND" ? torch.tensor([rank + 1, 3, 5]) : base().add(1);
    dist.all_reduce(t, dist.ReduceOp[op]);
    return t.tolist();
  });
}
tryIt("broadcast", () => { const t = base(); dist.broadcast(t, ws - 1); return t.tolist(); });
tryIt("reduce", () => { const t = base(); dist.reduce(t, 0, dist.ReduceOp.SUM); return rank === 0 ? t.tolist() : null; });
tryIt("all_gather", () => { const l = Array.from({ length: ws }, () => torch.zeros(4)); dist.all_gather(l, base()); return l.map((t) => t.tolist()); });
tryIt("all_gather_into_tensor", () => { const o = torch.zeros(ws * 4); dist.all_gather_into_tensor(o, base()); return o.tolist(); });
tryIt("reduce_scatter_tensor", () => { const o = torch.zeros(2); dist.reduce_scatter_tensor(o, torch.arange(2 * ws, { dtype: torch.float32 }).add(rank)); return o.tolist(); });
tryIt("gather", () => {
  const l = rank === 0 ? Array.from({ length: ws }, () => torch.zeros(4)) : null;
  dist.gather(base(), l, 0);
  return l?.map((t) => t.tolist()) ?? null;
});
tryIt("scatter", () => {
  const t = torch.zeros(4);
  dist.scatter(t, rank === 0 ? Array.from({ length: ws }, (_, i) => torch.full([4], i * 100, { dtype: torch.float32 })) : null, 0);
  return t.tolist();
});
tryIt("send_recv", () => {
  // a ring: each rank sends to the next, receives from the previous
  const t = torch.zeros(4);
  const s = dist.isend(base(), (rank + 1) % ws)!;
  const src = dist.recv(t, (rank + ws - 1) % ws);
  s.wait();
  return { t: t.tolist(), src };
});
tryIt("recv_any", () => {
  if (rank === 0) {
    const got: number[] = [];
    for (let i = 1; i < ws; i++) { const t = torch.zeros(1, { dtype: torch.int64 }); got.push(dist.recv(t)); }
    return got.sort();
  }
  dist.send(torch.tensor([rank]), 0);
  return null;
});
tryIt("async", () => {
  const t = base();
  const w = dist.all_reduce(t, { async_op: true })!;
  const done = w.wait();
  return { done, t: t.tolist(), completed: w.is_completed() };
});
tryIt("broadcast_object_list", () => {
  const l: unknown[] = rank === 1 ? [{ a: 1, b: [2, "x"] }, "s", 3.5] : [null, null, null];
  dist.broadcast_object_list(l, 1);
  return l;
});
tryIt("all_gather_object", () => { const l: unknown[] = new Array(ws); dist.all_gather_object(l, { r: rank, s: "x".repeat(rank) }); return l; });
tryIt("new_group", () => {
  const g = dist.new_group([0, ws - 1]);
  if (rank !== 0 && rank !== ws - 1) return "non-member";
  const t = torch.tensor([rank]);
  dist.all_reduce(t, { group: g });
  return { t: t.tolist(), grank: dist.get_rank(g), gsize: dist.get_world_size(g) };
});
tryIt("barrier", () => { dist.barrier(); return true; });
tryIt("store", () => {
  // a second client of the rendezvous's own store (a FileStore of its file for file://)
  const s = INIT.startsWith("file://") ? new dist.FileStore(new URL(INIT).pathname, ws)
    : new dist.TCPStore("127.0.0.1", INIT.startsWith("tcp://") ? Number(new URL(INIT).port) : Number(process.env.MASTER_PORT), null, false, 30);
  s.set(`k${rank}`, `v${rank}`);
  s.wait([`k${(rank + 1) % ws}`]);
  const added = s.add("counter", 1);
  return { got: s.get(`k${(rank + 1) % ws}`).toString(), added: added >= 1 && added <= ws };
});
(async () => {
  const t = base();
  const w = dist.all_reduce(t, { async_op: true })!;
  const [r] = await w.get_future();
  out.promise = r.tolist();
  dist.barrier();
  dist.destroy_process_group();
  out.destroyed = !dist.is_initialized();
  console.log(JSON.stringify(out));
})();
