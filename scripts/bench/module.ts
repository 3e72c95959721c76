// A module call and parameters() on a small Sequential (the cost of a module's Proxy, BENCHMARKS.md "Modules").
//   node --import tsx scripts/bench/module.ts
import torch, { nn } from "../../lib/index";
import { usPerCall } from "./_util";

const net = new nn.Sequential(new nn.Linear(4, 4), new nn.ReLU(), new nn.Linear(4, 2));
const x = torch.rand([1, 4]);
const bench = (name: string, f: () => unknown, n: number) => console.log(`${name}: ${usPerCall(f, n, n / 10).toFixed(2)} us`);
for (let r = 0; r < 3; r++) bench("net(x)", () => net(x), 50000);
bench("net.parameters()", () => net.parameters(), 20000);
