// Tensor lifetime (DESIGN.md, "Memory"): no-dispose loops stay bounded, dispose,
// [Symbol.dispose], tidy and memory_stats free and count exactly, and tensors that
// JavaScript still holds are never freed.
import { describe, it, expect, beforeAll } from "vitest";
import torch, { nn } from "../../lib/index";
import { N } from "../../lib/native";
import { collect } from "../../lib/_lifetime";
import { py } from "../helpers/python";

const MiB = 1 << 20;
const rss = () => process.memoryUsage().rss;
const stats = () => torch.memory_stats();

// Python's values, computed once for the file.
let ref: any;
beforeAll(() => {
  ref = py(`
torch.manual_seed(0)
held = [torch.randn(3) for _ in range(50)]
x = torch.arange(6.).reshape(2, 3)
out = {"held": held, "tidy": ((x * 2 + 1).relu().sum(1), (x - 1).abs())}`);
});

describe("a synchronous loop without dispose", () => {
  it("keeps RSS bounded while churning 1.2 GB of 1 MiB tensors", () => {
    const w = torch.rand(256 * 1024);
    torch.collect();
    const start = rss();
    const live0 = stats().live_tensors;
    let peak = start;
    for (let i = 0; i < 600; i++) {
      const x = torch.rand(256 * 1024);   // 1 MiB
      x.mul(w);                           // 1 MiB more, dropped at once
      if ((i & 7) === 0) peak = Math.max(peak, rss());
    }
    // Without collection every tensor would stay: +1200 MB. The sweep holds ~64 MB at a time.
    expect(peak - start).toBeLessThan(300 * MiB);
    expect(stats().live_tensors - live0).toBeLessThan(150);
  });

  it("reading values (tolist, printing) in the loop keeps RSS bounded too", () => {
    torch.collect();
    const start = rss();
    let peak = start, sum = 0;
    for (let i = 0; i < 1000; i++) {
      const x = torch.full([256 * 1024], i + 0.5);   // 1 MiB
      const tail = x.index("-3:");                   // a view of the whole 1 MiB storage
      sum += (tail.tolist() as number[])[0] + String(tail).length;
      if ((i & 15) === 0) peak = Math.max(peak, rss());
    }
    expect(sum).toBeGreaterThan(0);
    // Values are read through JS-owned copies. A zero-copy external buffer would pin each
    // 1 MiB storage until its finalizer ran after the loop: +1000 MB.
    expect(peak - start).toBeLessThan(250 * MiB);
  });

  it("frees nothing without the byte-pressure collection (the control for the test above)", () => {
    const w = torch.rand(256 * 1024);
    torch.collect();   // an empty young generation: no GC happens during the loop below
    const live0 = stats().live_tensors;
    N.setSweepThreshold(1e15);
    try {
      for (let i = 0; i < 100; i++) torch.rand(256 * 1024).mul(w);
      expect(stats().live_tensors - live0).toBeGreaterThanOrEqual(190);
      expect(stats().live_bytes).toBeGreaterThanOrEqual(190 * MiB);
    } finally {
      N.setSweepThreshold(64 * MiB);
    }
    torch.collect();
    expect(stats().live_tensors - live0).toBeLessThan(5);
  });

  it("a young-generation GC frees dead tensors, also after a full GC", () => {
    const w = torch.rand(4);
    for (let round = 0; round < 3; round++) {
      torch.collect();   // a full GC: whatever survives it is in the old generation
      const live0 = stats().live_tensors;
      for (let i = 0; i < 40; i++) w.add(1);
      expect(stats().live_tensors - live0).toBe(40);
      collect();          // a young-generation GC (a full one only every 8th or 64th call)
      expect(stats().live_tensors - live0).toBe(0);
    }
  });

  it("tensors dropped after surviving young GCs are freed by the 8th collection (a full GC: 48 MB were promoted)", () => {
    torch.collect();   // a full GC: the count of collections starts again
    const live0 = stats().live_bytes;
    let held: any[] | null = Array.from({ length: 48 }, () => torch.rand(256 * 1024));   // 48 MiB
    collect(); collect(); collect();   // survived two sweeps: promoted, a young GC cannot free them now
    expect(stats().live_bytes - live0).toBeGreaterThanOrEqual(48 * MiB);
    held = null;
    for (let i = 0; i < 4; i++) collect();
    expect(held).toBeNull();
    expect(stats().live_bytes - live0).toBeGreaterThanOrEqual(48 * MiB);   // young GCs only so far
    collect();                         // the 8th
    expect(stats().live_bytes - live0).toBeLessThan(8 * MiB);
  });

  it("a statement's big temporaries, old by its end, are freed by the next collection (stack(rows).mul(2).div(255), as tutorial 001 reads its images)", () => {
    torch.collect();
    const live0 = stats().live_bytes;
    const rows = Array.from({ length: 100 }, () => torch.rand(200 * 1024));   // 100 x 800 KiB, 78 MiB
    // Each 78 MiB result asks for a collection while the one before is still in use: the
    // stack and mul results live through two and are promoted. Once 64 MiB or more were
    // promoted, the next collection is a full GC (not the 8th).
    const x = torch.stack(rows).mul(2).div(255);
    collect();
    const held = stats().live_bytes - live0;
    const kept = 2 * 100 * 200 * 1024 * 4;   // the rows and x; each temporary is as big as x
    expect(held).toBeGreaterThanOrEqual(kept);
    expect(held).toBeLessThan(kept + 8 * MiB);
    expect(x.max().item()).toBeLessThanOrEqual(2 / 255);
    expect(rows.length).toBe(100);
  });

  it("a full GC comes once memory held through promoted tensors grows (a loss keeps its graph and the batch saved in it)", () => {
    const w = torch.rand(1, { requires_grad: true });
    torch.collect();
    const start = N.heapInUse();
    let peak = start;
    const recent: any[] = [];
    // Each loss is 4 bytes to the registry but keeps its 4 MiB input alive through
    // MulBackward's saved tensor. Kept for three iterations, each is promoted and then
    // dropped: only a full GC frees it, and 60 collections never reach the 64th.
    for (let i = 0; i < 60; i++) {
      recent.push(torch.rand(1024 * 1024).mul(w).sum());
      if (recent.length > 3) recent.shift();
      collect();
      peak = Math.max(peak, N.heapInUse());
    }
    expect(start).toBeGreaterThan(0);
    // 240 MiB would stay held without a full GC; growth of 64 MiB (or a quarter) brings one.
    expect(peak - start).toBeLessThan(Math.max(64 * MiB, start / 4) + 48 * MiB);
  });

  it("a full GC that frees many small tensors gives their pages back (survivors intact)", () => {
    torch.manual_seed(0);
    let many: any[] = [];
    for (let i = 0; i < 300_000; i++) many.push(torch.rand(256));   // 1 KiB each: ~400 MB
    // Every 500th stays, spread over the heap: glibc's own trimming (the top of its heap)
    // cannot give back the pages between them.
    const kept = many.filter((_, i) => i % 500 === 0);
    const values = kept.map((t) => t.sum().item() as number);
    torch.collect();
    const before = rss();
    many = [];
    torch.collect();
    expect(before - rss()).toBeGreaterThan(200 * MiB);
    expect(kept.map((t) => t.sum().item())).toEqual(values);
  });

  it("keeps RSS flat over many tiny tensors (no byte pressure: V8's own GCs free them)", () => {
    const a = torch.rand(4), b = torch.rand(4);
    for (let i = 0; i < 30_000; i++) a.add(b).relu();
    const start = rss();
    let peak = start;
    for (let i = 0; i < 200_000; i++) {
      a.add(b).relu();
      if ((i & 4095) === 0) peak = Math.max(peak, rss());
    }
    // 400,000 tensors of ~0.5 KB each would be ~200 MB if none were freed.
    expect(peak - start).toBeLessThan(60 * MiB);
    expect(stats().live_tensors).toBeLessThan(200_000);
  });
});

describe("held tensors are never freed behind the user's back", () => {
  it("survives 1,000 forced GCs and sweeps with Python's values intact", () => {
    torch.manual_seed(0);
    const held = Array.from({ length: 50 }, () => torch.randn(3));
    const model = new nn.Linear(4, 3);
    const params = model.parameters().map((p) => p.tolist());
    const kept = new Map([["w", torch.ones(2, 2).mul(3)]]);
    for (let i = 0; i < 1000; i++) {
      for (let k = 0; k < 10; k++) torch.rand(8).add(1);
      collect();                 // a young-generation GC and a sweep (a full one every 8th)
    }
    torch.collect();
    expect(held.map((t) => t.tolist())).toEqual(ref.held.map((r: any) => r.tensor));
    expect(model.parameters().map((p) => p.tolist())).toEqual(params);
    expect(kept.get("w")!.tolist()).toEqual([[3, 3], [3, 3]]);
  });

  it("a slot freed by dispose and reused is not freed when the disposed object dies", () => {
    let old: any = torch.ones(3);
    old.dispose();
    const fresh = torch.zeros(5);   // likely takes the disposed slot
    old = null;
    for (let i = 0; i < 100; i++) { torch.rand(16); collect(); }
    torch.collect();
    expect(fresh.tolist()).toEqual([0, 0, 0, 0, 0]);
  });
});

describe("deterministic release", () => {
  it("dispose() frees the tensor now: memory_stats drops by its tensor and bytes", () => {
    torch.collect();
    const before = stats();
    const t = torch.zeros(1000);          // float32: 4000 bytes
    const v = t.view(10, 100);            // a second tensor on the same storage
    const mid = stats();
    expect(mid.live_tensors - before.live_tensors).toBe(2);
    expect(mid.live_bytes - before.live_bytes).toBe(4000);
    v.dispose();
    expect(stats().live_tensors - before.live_tensors).toBe(1);
    expect(stats().live_bytes - before.live_bytes).toBe(4000);
    t.dispose();
    expect(stats()).toEqual(before);
    expect(t.disposed).toBe(true);
    t.dispose();                          // twice is harmless
    expect(stats()).toEqual(before);
  });

  it("using a disposed tensor throws a clear Error, and everything else keeps working", () => {
    const t = torch.ones(3);
    const other = torch.arange(3);
    t.dispose();
    expect(() => t.add(1)).toThrow("Tensor has been disposed");
    expect(() => other.add(t)).toThrow("Tensor has been disposed");
    expect(() => torch.cat([other, t])).toThrow("Tensor has been disposed");
    expect(() => t.item()).toThrow("Tensor has been disposed");
    expect(() => t.shape).toThrow("Tensor has been disposed");
    expect(() => t.tolist()).toThrow("Tensor has been disposed");
    expect(other.add(1).tolist()).toEqual([1, 2, 3]);
  });

  it("[Symbol.dispose] frees at the end of a `using` block", () => {
    torch.collect();
    const before = stats().live_tensors;
    let seen: any;
    {
      using t = torch.ones(4);
      seen = t;
      expect(stats().live_tensors).toBe(before + 1);
    }
    expect(seen.disposed).toBe(true);
    expect(stats().live_tensors).toBe(before);
    const u = torch.ones(2);
    (u as any)[Symbol.dispose]();
    expect(u.disposed).toBe(true);
  });
});

describe("torch.tidy", () => {
  it("frees what fn created except its result, with Python's values", () => {
    const x = torch.arange(6.0).reshape(2, 3);
    torch.collect();
    const before = stats().live_tensors;
    let inner: any[] = [];
    const [s, d] = torch.tidy(() => {
      const y = x.mul(2).add(1);
      const z = y.relu();
      inner = [y, z];
      return [z.sum(1), x.sub(1).abs()];
    });
    expect(inner.every((t) => t.disposed)).toBe(true);
    expect(stats().live_tensors).toBe(before + 2);
    expect(s.tolist()).toEqual(ref.tidy[0].tensor);
    expect(d.tolist()).toEqual(ref.tidy[1].tensor);
    expect(x.disposed).toBe(false);
  });

  it("keeps tensors found in result objects and Maps; passes other values through", () => {
    const out = torch.tidy(() => ({ loss: torch.ones(1), parts: [torch.zeros(2)], m: new Map([["k", torch.ones(3)]]), n: 7 }));
    expect(out.loss.disposed).toBe(false);
    expect(out.parts[0].disposed).toBe(false);
    expect(out.m.get("k")!.disposed).toBe(false);
    expect(out.n).toBe(7);
  });

  it("nests: the inner result survives the inner tidy and is freed by the outer one", () => {
    torch.collect();
    const before = stats().live_tensors;
    let innerResult: any, innerTemp: any;
    const outer = torch.tidy(() => {
      const r = torch.tidy(() => {
        innerTemp = torch.ones(3).mul(2);
        return innerTemp.add(1);
      });
      innerResult = r;
      expect(innerTemp.disposed).toBe(true);
      expect(r.disposed).toBe(false);
      return r.sum();
    });
    expect(innerResult.disposed).toBe(true);
    expect(outer.item()).toBe(9);
    expect(stats().live_tensors).toBe(before + 1);
  });

  it("frees what fn created when fn throws, and keeps nn.Parameters made inside", () => {
    torch.collect();
    const before = stats().live_tensors;
    let made: any;
    expect(() => torch.tidy(() => { made = torch.ones(2).mul(3); torch.ones(2).matmul(torch.ones(3)); })).toThrow();
    expect(made.disposed).toBe(true);
    expect(stats().live_tensors).toBe(before);
    let layer: any;
    torch.tidy(() => { layer = new nn.Linear(3, 2); return null; });
    expect(layer.weight.disposed).toBe(false);
    expect(layer(torch.ones(1, 3)).shape).toEqual([1, 2]);
  });
});

describe("torch.memory_stats", () => {
  it("counts live tensors and the bytes of their distinct storages", () => {
    torch.collect();
    const before = stats();
    const a = torch.zeros(10, { dtype: torch.float64 });     // 80 bytes
    const b = torch.zeros(3, { dtype: torch.uint8 });        // 3 bytes
    const c = a.index("2:5");                                // same storage as a
    const after = stats();
    expect(after.live_tensors - before.live_tensors).toBe(3);
    expect(after.live_bytes - before.live_bytes).toBe(83);
    [a, b, c].forEach((t) => t.dispose());
    expect(stats()).toEqual(before);
  });
});
