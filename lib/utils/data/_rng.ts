// The random draws of torch/utils/data, made with the same calls as PyTorch's Python code.
import { torch } from "../../torch";
import { int64 } from "../../dtype";
import { N } from "../../native";
import { Generator, default_generator } from "../../random";

function gen(g: Generator | typeof default_generator | null | undefined): Generator | null {
  return g instanceof Generator ? g : null;
}

/** `torch.randperm(n, generator=g).tolist()` */
export function randperm(n: number, g?: Generator | typeof default_generator | null): number[] {
  const G = gen(g);
  const t = G ? torch.randperm(n, { generator: G }) : torch.randperm(n);
  return Array.from(new BigInt64Array(N.toBuffer(t._h, true)), Number);
}

/** `torch.empty((), dtype=torch.int64).random_(generator=g).item()`, exactly (a bigint: it exceeds 2**53). */
export function randomSeed(g?: Generator | typeof default_generator | null): bigint {
  const G = gen(g);
  const e = torch.empty([], { dtype: int64 });
  const t = G ? e.random_({ generator: G }) : e.random_();
  return new BigInt64Array(N.toBuffer(t._h, true))[0];
}

/** `torch.randint(high=n, size=(k,), dtype=torch.int64, generator=g).tolist()` */
export function randint(n: number, k: number, g: Generator): number[] {
  const t = torch.randint(n, [k], { dtype: int64, generator: g });
  return Array.from(new BigInt64Array(N.toBuffer(t._h, true)), Number);
}
