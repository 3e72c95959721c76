"""torch.stack of a batch of a tensor's rows, as a DataLoader collates list(zip(x, y)), and a
whole batch of such a DataLoader: one line per case, "<case> <microseconds per call>"
(scripts/bench/stack.ts runs it beside Node's)."""
import torch
from torch.utils.data import DataLoader
from _util import us_per_call

x = torch.rand(60000, 784); rows = list(x)
y = torch.randint(0, 10, (60000, 1)); labels = list(y)
perm = torch.randperm(60000).tolist(); at = [0]
def batch():
    at[0] = (at[0] + 256) % (60000 - 256)
    return perm[at[0]:at[0] + 256]
def bench(name, f):
    print(name, f"{us_per_call(f, 2000, 100):.1f}", flush=True)
same = perm[:256]
bench("random_rows", lambda: torch.stack([rows[i] for i in batch()]))
bench("random_labels", lambda: torch.stack([labels[i] for i in batch()]))
bench("same_rows", lambda: torch.stack([rows[i] for i in same]))
bench("same_labels", lambda: torch.stack([labels[i] for i in same]))
def batches(dl):
    it = [iter(dl)]
    def nxt():
        try:
            return next(it[0])
        except StopIteration:
            it[0] = iter(dl)
            return next(it[0])
    return nxt
pairs = list(zip(x, y))
bench("loader_batch", batches(DataLoader(pairs, batch_size=256, shuffle=True)))
