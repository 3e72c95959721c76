// Worker: the Node side of a mixed Node + Python group (all_reduce, broadcast), or, with
// "die", a rank that exits in the middle so the others see a failure, or "wait" (after
// init, an all_reduce the dead rank never joins).
import torch from "torch-node";
import dist from "torch-node/distributed";

const what = process.argv[2] ?? "mixed";
dist.init_process_group("gloo", { timeout: Number(process.env.TN_TIMEOUT ?? 60) });
const rank = dist.get_rank();
if (what === "die") {
  if (rank === 1) process.exit(3);
  const t0 = Date.now();
  try {
    dist.all_reduce(torch.ones(4));
    dist.barrier();
    console.log(JSON.stringify({ rank, error: null }));
  } catch (e) {
    console.log(JSON.stringify({ rank, error: (e as Error).message.split("\n")[0], ms: Date.now() - t0 }));
  }
} else {
  const t = torch.arange(4, { dtype: torch.float32 }).add(rank * 10);
  dist.all_reduce(t);
  const b = rank === 0 ? torch.tensor([7.5, -1, 2]) : torch.zeros(3);
  dist.broadcast(b, 0);
  const c = torch.tensor([rank + 1], { dtype: torch.float32 });
  dist.broadcast(c, 1);
  console.log(JSON.stringify({ rank, all_reduce: t.tolist(), broadcast: b.tolist(), broadcast1: c.tolist() }));
}
dist.destroy_process_group();
