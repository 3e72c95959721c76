// Checkpoints written on CUDA, and everything that needs a GPU: run on the GPU
// machine by scripts/gpu/run.sh, skipped elsewhere (torch.cuda.is_available() false).
import { describe, it, expect, beforeAll } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import torch from "../../lib/index";
import { nn, optim } from "../../lib/index";
import { DataLoader, TensorDataset } from "../../lib/utils/data";
import { py } from "../helpers/python";

const CUDA = torch.cuda.is_available();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tn-devices-"));

function errorOf(f: () => unknown): string | null {
  try { f(); return null; } catch (e: any) { return e.message; }
}

describe("checkpoints whose storages are on cuda:0", () => {
  // Python writes the file with its storages tagged cuda:0 (as a GPU run would),
  // so loading it is testable without a GPU.
  const file = path.join(tmp, "cuda_tagged.pt");
  let ref: any;
  beforeAll(() => {
    ref = py(`
import torch.serialization as S
torch.manual_seed(0)
sd = {"weight": torch.randn(3, 4), "bias": torch.arange(3.)}
real = S.location_tag
S.location_tag = lambda s: "cuda:0"
torch.save(sd, ${JSON.stringify(file)})
S.location_tag = real
def err(f):
    try: f(); return None
    except Exception as e: return str(e)
out = {
  "plain": err(lambda: torch.load(${JSON.stringify(file)})) if not torch.cuda.is_available() else None,
  "cpu": torch.load(${JSON.stringify(file)}, map_location="cpu"),
  "device": torch.load(${JSON.stringify(file)}, map_location=torch.device("cpu")),
  "fn": torch.load(${JSON.stringify(file)}, map_location=lambda s, loc: s),
  "dict": torch.load(${JSON.stringify(file)}, map_location={"cuda:0": "cpu"}),
}`);
  });

  it.skipIf(CUDA)("without map_location and without CUDA, loading raises Python's error", () => {
    expect(ref.plain).toContain("Attempting to deserialize object on a CUDA device");
    expect(errorOf(() => torch.load(file))).toBe(ref.plain);
  });

  it("map_location as a string, a device, a function and a dict puts the tensors on the CPU with Python's values", () => {
    const forms: Record<string, any> = {
      cpu: "cpu", device: torch.device("cpu"), fn: (s: any) => s, dict: { "cuda:0": "cpu" },
    };
    for (const [k, ml] of Object.entries(forms)) {
      const sd = torch.load(file, { map_location: ml }) as any;
      for (const name of ["weight", "bias"]) {
        expect({ k, name, device: String(sd[name].device), v: sd[name].tolist() }).toEqual({ k, name, device: "cpu", v: ref[k][name].tensor });
      }
    }
  });
});

describe.skipIf(!CUDA)("on a GPU", () => {
  let ref: any;
  beforeAll(() => {
    ref = py(`
torch.cuda.manual_seed(0)
a = torch.randn(5, device="cuda")
torch.manual_seed(3)
b = torch.rand(4, device="cuda")
out = {"a": a, "b": b, "count": torch.cuda.device_count(), "name": torch.cuda.get_device_name(0),
       "cap": list(torch.cuda.get_device_capability(0)), "cur": torch.cuda.current_device()}`);
  });

  it("reports the GPU as Python does", () => {
    expect(torch.cuda.device_count()).toBe(ref.count);
    expect(torch.cuda.get_device_name()).toBe(ref.name);
    expect(torch.cuda.get_device_name(0)).toBe(ref.name);
    expect(torch.cuda.get_device_capability()).toEqual(ref.cap);
    expect(torch.cuda.current_device()).toBe(ref.cur);
    torch.cuda.set_device(0);
    expect(torch.cuda.current_device()).toBe(0);
    torch.cuda.synchronize();
    torch.cuda.synchronize(0);
    expect(() => torch.cuda.get_device_name(ref.count)).toThrow("Invalid device id");
  });

  it("draws Python's CUDA random numbers after torch.cuda.manual_seed and torch.manual_seed", () => {
    torch.cuda.manual_seed(0);
    expect(torch.randn(5, { device: "cuda" }).cpu().tolist()).toEqual(ref.a.tensor);
    torch.manual_seed(3);
    expect(torch.rand(4, { device: "cuda" }).tolist()).toEqual(ref.b.tensor);
  });

  it("round-trips tensors to cuda and back", () => {
    const x = torch.randn(3, 4);
    for (const y of [x.cuda(), x.cuda(0), x.to("cuda"), x.to("cuda:0"), x.to(torch.device("cuda", 0)), x.to({ device: "cuda" }), x.to(torch.zeros(1, { device: "cuda" }))]) {
      expect(y.is_cuda).toBe(true);
      expect(String(y.device)).toBe("cuda:0");
      expect(y.get_device()).toBe(0);
      expect(y.cpu().tolist()).toEqual(x.tolist());
      expect(y.to("cpu").is_cuda).toBe(false);
    }
    const z = x.to("cuda", torch.float64);
    expect([String(z.device), z.dtype.name]).toEqual(["cuda:0", "float64"]);
    expect(z.cpu().tolist()).toEqual(x.double().tolist());
    const f = torch.zeros(2, 3, { device: "cuda", dtype: torch.float16 });
    expect([String(f.device), f.dtype.name]).toEqual(["cuda:0", "float16"]);
    expect(torch.tensor([1, 2, 3], { device: "cuda" }).is_cuda).toBe(true);
  });

  it("counts allocated memory and empties the cache", () => {
    torch.cuda.synchronize();
    const before = torch.cuda.memory_allocated();
    const t = torch.empty([1024, 1024], { device: "cuda" });
    expect(torch.cuda.memory_allocated() - before).toBe(4 << 20);
    expect(torch.cuda.max_memory_allocated()).toBeGreaterThanOrEqual(before + (4 << 20));
    expect(torch.cuda.is_initialized()).toBe(true);
    t.dispose();
    expect(torch.cuda.memory_allocated()).toBe(before);
    const reserved = torch.cuda.memory_reserved();
    torch.cuda.empty_cache();
    expect(torch.cuda.memory_reserved()).toBeLessThan(reserved);
  });

  it("pins host memory, also for DataLoader(pin_memory=true)", () => {
    const x = torch.randn(8, 3);
    expect(x.is_pinned()).toBe(false);
    expect(x.pin_memory().is_pinned()).toBe(true);
    const loader = new DataLoader(new TensorDataset(x, torch.arange(8)), { batch_size: 4, pin_memory: true });
    for (const [xb, yb] of loader) {
      expect(xb.is_pinned()).toBe(true);
      expect(yb.is_pinned()).toBe(true);
    }
  });

  function makeModel() {
    torch.manual_seed(0);
    return new nn.Sequential(new nn.Linear(6, 8), new nn.BatchNorm1d(8), new nn.ReLU(), new nn.Linear(8, 3));
  }

  it("model.to(device) moves parameters and buffers and returns the model; forward matches the CPU's", () => {
    const cpu = makeModel();
    const gpu = makeModel();
    expect(gpu.to("cuda")).toBe(gpu);
    for (const [, p] of gpu.named_parameters()) expect(String(p.device)).toBe("cuda:0");
    for (const [, b] of gpu.named_buffers()) expect(String(b.device)).toBe("cuda:0");
    const x = torch.randn(5, 6);
    const a = cpu(x), b = gpu(x.cuda());
    expect(b.is_cuda).toBe(true);
    expect(b.cpu().sub(a).abs().max().item()).toBeLessThan(1e-5);
    expect(gpu.cpu()).toBe(gpu);
    for (const [, p] of gpu.named_parameters()) expect(String(p.device)).toBe("cpu");
  });

  it("a training step gives the CPU's numbers within float tolerance; optimizer state lives with its parameters", () => {
    const run = (dev: string) => {
      const model = makeModel().to(dev);
      const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
      const loss_fn = new nn.CrossEntropyLoss();
      torch.manual_seed(1);
      const x = torch.randn(16, 6), y = torch.randint(0, 3, [16]);
      const losses: number[] = [];
      for (let i = 0; i < 3; i++) {
        opt.zero_grad();
        const loss = loss_fn(model(x.to(dev)), y.to(dev));
        loss.backward();
        opt.step();
        losses.push(loss.item() as number);
      }
      return { model, opt, losses };
    };
    const c = run("cpu"), g = run("cuda");
    for (let i = 0; i < 3; i++) expect(Math.abs(g.losses[i] - c.losses[i])).toBeLessThan(1e-5);
    const pc = [...c.model.parameters()], pg = [...g.model.parameters()];
    pc.forEach((p, i) => expect(pg[i].cpu().sub(p).abs().max().item()).toBeLessThan(1e-5));
    for (const s of (g.opt.state as any).values()) expect(String(s.momentum_buffer.device)).toBe("cuda:0");
    // A CPU optimizer state loaded into an optimizer over cuda parameters moves to cuda.
    const opt2 = new optim.SGD(g.model.parameters(), { lr: 0.1, momentum: 0.9 });
    opt2.load_state_dict(c.opt.state_dict());
    for (const s of (opt2.state as any).values()) expect(String(s.momentum_buffer.device)).toBe("cuda:0");
  });

  it("checkpoints saved from cuda load on the CPU with map_location, in Python and here", () => {
    const model = makeModel().to("cuda");
    const file = path.join(tmp, "from_cuda.pt");
    torch.save(model.state_dict(), file);
    const back = torch.load(file, { map_location: "cpu" }) as any;
    const same = torch.load(file) as any;
    const theirs = py(`out = torch.load(${JSON.stringify(file)}, map_location="cpu")`);
    for (const [k, v] of Object.entries(model.state_dict() as any) as [string, any][]) {
      expect(String(back[k].device)).toBe("cpu");
      expect(String(same[k].device)).toBe("cuda:0");
      expect(back[k].tolist()).toEqual(v.cpu().tolist());
      expect(theirs[k].tensor).toEqual(v.cpu().tolist());
    }
  });
});
