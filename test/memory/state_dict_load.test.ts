// torch.load + load_state_dict of a large checkpoint saved by Python: the loaded tensors are
// read once into their own storages and copied into the parameters, so the added peak RSS stays
// near one copy of the checkpoint (issue 24), and the values are Python's.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import torch, { nn } from "../../lib/index";
import { py } from "../helpers/python";

const MB = 1e6;
// Five 5000x5000 float32 layers with biases: 500.1 MB of parameters.
const WIDTH = 5000, LAYERS = 5;
const BYTES = LAYERS * (WIDTH * WIDTH + WIDTH) * 4;

/** Current and peak resident set (Linux's VmRSS and VmHWM), in bytes. */
function status(): { rss: number; hwm: number } {
  const s = fs.readFileSync("/proc/self/status", "utf8");
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)![1]) * 1024;
  return { rss: kb("VmRSS"), hwm: kb("VmHWM") };
}
/** Resets VmHWM to the current RSS, so the next peak is the load's own. */
const resetPeak = () => fs.writeFileSync("/proc/self/clear_refs", "5");

let dir: string, file: string, ref: any;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tn-sdload-"));
  file = path.join(dir, "big.pt");
  // Saved by Python; the per-tensor sums check that every storage arrived whole.
  ref = py(`
import collections
torch.manual_seed(0)
# Uniform draws in Linear's keys: the layers' own init would only cost time here.
sd = collections.OrderedDict()
for i in range(${LAYERS}):
    sd[f"{i}.weight"] = torch.rand(${WIDTH}, ${WIDTH}) - 0.5
    sd[f"{i}.bias"] = torch.rand(${WIDTH}) - 0.5
torch.save(sd, ${JSON.stringify(file)})
out = {k: [v.sum(dtype=torch.float64).item(), v.abs().max().item()] for k, v in sd.items()}`);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("load_state_dict of a 500 MB checkpoint", () => {
  it("adds less than 1.3x the checkpoint's size of RSS and gives Python's values", async () => {
    expect(fs.statSync(file).size).toBeGreaterThan(BYTES);
    const m = new nn.Sequential(...Array.from({ length: LAYERS }, () => new nn.Linear(WIDTH, WIDTH)));
    torch.collect();
    const before = status().rss;
    resetPeak();
    let sd: Record<string, any> | null = torch.load(file);
    const res = m.load_state_dict(sd!);
    const peak = status().hwm - before;
    expect(res).toEqual({ missing_keys: [], unexpected_keys: [] });
    expect(peak).toBeLessThan(1.3 * BYTES);
    // The loaded tensors are the only extra copy: dropping them gives their memory back (the
    // storages' byte views are released by Node-API finalizers, which run on a later tick).
    sd = null;
    torch.collect();
    await new Promise((r) => setTimeout(r, 50));
    torch.collect();
    expect(status().rss - before).toBeLessThan(0.3 * BYTES);
    const got: Record<string, [number, number]> = {};
    for (const [k, v] of Object.entries(m.state_dict())) got[k] = [v.sum({ dtype: torch.float64 }).item() as number, v.abs().max().item() as number];
    expect(Object.keys(got)).toEqual(Object.keys(ref));
    for (const k of Object.keys(ref)) {
      expect(got[k][0]).toBeCloseTo(ref[k][0], 6);
      expect(got[k][1]).toBe(ref[k][1]);
    }
    console.log(`state_dict ${(BYTES / MB).toFixed(1)} MB: added peak RSS ${(peak / MB).toFixed(1)} MB (${(peak / BYTES).toFixed(2)}x)`);
  });
});
