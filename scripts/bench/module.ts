// A module call and parameters() on a small Sequential (the cost of a module's Proxy, BENCHMARKS.md "Modules").
//   node --import tsx scripts/bench/module.ts
import torch, { nn } from "../../lib/index";

const net = new nn.Sequential(new nn.Linear(4, 4), new nn.ReLU(), new nn.Linear(4, 2));
const x = torch.rand([1, 4]);
function bench(name: string, f: () => unknown, n: number) {
  for (let i = 0; i < n / 10; i++) f();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f();
  console.log(`${name}: ${((performance.now() - t0) / n * 1000).toFixed(2)} us`);
}
for (let r = 0; r < 3; r++) bench("net(x)", () => net(x), 50000);
bench("net.parameters()", () => net.parameters(), 20000);
