import { describe, it, expect } from "vitest";
import { execFileSync } from "node:child_process";
import { tqdm, trange, format_meter, format_num, format_interval } from "../../lib/utils/tqdm";
import { PYTHON } from "../helpers/python";
import torch from "../../lib/index";
import { DataLoader, TensorDataset } from "../../lib/utils/data";

const hasTqdm = (() => { try { execFileSync(PYTHON, ["-c", "import tqdm"], { stdio: "ignore" }); return true; } catch { return false; } })();

function sink(isTTY: boolean, columns?: number) {
  const chunks: string[] = [];
  return { chunks, file: { isTTY, columns, write: (s: string) => { chunks.push(s); return true; } } };
}

const METERS: [number, number | null, number, { ncols?: number; prefix?: string; postfix?: string; unit?: string }][] = [
  [211, 469, 3.39, { prefix: "Epoch 1", postfix: "loss=0.123" }],
  [211, 469, 3.39, { ncols: 80, prefix: "Epoch 1", postfix: "loss=0.123" }],
  [469, 469, 5.02, { prefix: "train" }],
  [0, 469, 0, {}],
  [1, 938, 2.5, { unit: "batch" }],
  [5, null, 65, { prefix: "x" }],
  [7, 10, 4000, { ncols: 60 }],
  [0, 938, 0.5, { prefix: "Epoch 1/1 train" }],
];
const NUMS = [0.000123456, 12345.678, 2.0, 7, 0.5, 0.023456, 1e-7, 123456789];

describe.skipIf(!hasTqdm)("the same text as Python's tqdm", () => {
  const ref = hasTqdm ? JSON.parse(execFileSync(PYTHON, ["-c", `
import json, sys
from tqdm import tqdm
m, nums = json.loads(sys.argv[1])
print(json.dumps([[tqdm.format_meter(n, total, el, **kw) for n, total, el, kw in m], [tqdm.format_num(x) for x in nums], [tqdm.format_interval(t) for t in (0, 59.9, 61, 3599, 3600, 86399)]]))
`, JSON.stringify([METERS, NUMS])]).toString()) : [];

  it("format_meter", () => {
    expect(METERS.map(([n, t, e, kw]) => format_meter(n, t, e, kw))).toEqual(ref[0]);
  });
  it("format_num and format_interval", () => {
    expect(NUMS.map(format_num)).toEqual(ref[1]);
    expect([0, 59.9, 61, 3599, 3600, 86399].map(format_interval)).toEqual(ref[2]);
  });
});

describe("tqdm over a DataLoader", () => {
  const ds = new TensorDataset(torch.arange(100).float(), torch.arange(100));
  const loader = new DataLoader(ds, { batch_size: 8 });

  it("takes its total from the loader's length and yields every batch", () => {
    const s = sink(false);
    const bar = tqdm(loader, { desc: "Epoch 1", file: s.file });
    expect(bar.total).toBe(13);
    let n = 0;
    for (const [x] of bar) { n += x.shape[0]; bar.set_postfix({ loss: 0.25 }); }
    expect(n).toBe(100);
    expect(bar.n).toBe(13);
  });

  it("prints one plain line at the end when the stream is not a terminal", () => {
    const s = sink(false);
    const bar = tqdm(loader, { desc: "Epoch 1", file: s.file });
    for (const _ of bar) bar.set_postfix({ loss: torch.tensor(0.5) });
    expect(s.chunks.length).toBe(1);
    expect(s.chunks[0]).toMatch(/^Epoch 1: 100%\|██████████\| 13\/13 \[00:00<00:00, [\d.]+it\/s, loss=0\.5\]\n$/);
  });

  it("prints a line every mininterval seconds in a log", () => {
    const s = sink(false);
    const bar = tqdm(loader, { file: s.file, mininterval: 0 });
    for (const _ of bar) { /* */ }
    // one line per batch except the last, then the final line
    expect(s.chunks.length).toBe(13);
    expect(s.chunks.every((c) => c.endsWith("\n") && !c.includes("\r"))).toBe(true);
  });

  it("redraws one line with carriage returns on a terminal, as wide as the terminal", () => {
    const s = sink(true, 70);
    const bar = tqdm(loader, { desc: "train", file: s.file, mininterval: 0 });
    for (const _ of bar) { /* */ }
    expect(s.chunks.length).toBe(1 + 13 + 1 + 1); // first draw, one per batch, the final draw, newline
    expect(s.chunks.slice(0, -1).every((c) => c.startsWith("\r"))).toBe(true);
    const last = s.chunks[s.chunks.length - 2].slice(1).trimEnd();
    expect(last.length).toBe(70);
    expect(last).toMatch(/^train: 100%\|█+\| 13\/13 /);
    expect(s.chunks[s.chunks.length - 1]).toBe("\n");
  });

  it("leave: false clears the line; disable prints nothing; trange counts", () => {
    let s = sink(true, 60);
    for (const _ of tqdm([1, 2, 3], { file: s.file, leave: false })) { /* */ }
    expect(s.chunks[s.chunks.length - 1]).toMatch(/^\r +\r$/);
    s = sink(false);
    for (const _ of tqdm([1, 2, 3], { file: s.file, disable: true })) { /* */ }
    expect(s.chunks).toEqual([]);
    s = sink(false);
    expect([...trange(4, { file: s.file })]).toEqual([0, 1, 2, 3]);
    expect(s.chunks[0]).toContain("4/4");
  });
});
