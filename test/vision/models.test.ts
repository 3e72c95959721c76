// torchvision.models against the linked Python torchvision: every architecture built after
// manual_seed(0) on both sides has the same state_dict (keys, shapes, and the init draws, by
// per-tensor sums); Python's random-init checkpoints load through `weights:` (path or state_dict)
// and give Python's eval outputs; reprs, weights enums, their preset transforms and the registry.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import torch from "../../lib/index";
import * as models from "../../lib/torchvision/models";
import { models as modelsNs } from "../../lib/torchvision";
import { execFile } from "node:child_process";
import { PYTHON } from "../helpers/python";
import { expectClose } from "../nn/helpers";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tn-models-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// The builders compared by state_dict: one or two of each family, kept to what a 2-core CI machine
// runs in a few minutes (the deeper ResNets, DenseNets and EfficientNets share their blocks with these).
const ALL = ["resnet18", "resnet34", "resnet50", "vgg11", "vgg11_bn",
  "alexnet", "mobilenet_v2", "mobilenet_v3_large", "mobilenet_v3_small", "densenet121",
  "squeezenet1_0", "squeezenet1_1", "googlenet", "efficientnet_b0", "efficientnet_b1", "vit_b_16"];
const NO_INIT = new Set<string>();
const VGG_CFGS = ["B", "D", "E"];
const kwargs = (n: string): Record<string, unknown> => (NO_INIT.has(n) ? { init_weights: false } : n === "googlenet" ? { init_weights: true } : {});
// Saved by Python and loaded here: one of each family (VGG and AlexNet, hundreds of MB each, only by keys above).
const LOADED = ["resnet18", "resnet50", "mobilenet_v2", "mobilenet_v3_large", "mobilenet_v3_small", "densenet121",
  "squeezenet1_0", "squeezenet1_1", "googlenet", "efficientnet_b0", "vit_b_16"];
const REPRS = ["resnet18", "mobilenet_v3_small", "efficientnet_b0", "squeezenet1_1", "googlenet", "densenet121", "vit_b_16"];
const inputShape = (n: string) => (n === "vit_b_16" ? [1, 3, 224, 224] : [1, 3, 64, 64]);

// Python's side runs asynchronously (a synchronous minute would starve the test runner's messages)
// and hands its results over as a torch.save file.
let runs = 0;
function pyAsync(code: string): Promise<any> {
  const file = path.join(dir, `ref${runs++}.pt`);
  return new Promise((resolve, reject) => {
    execFile(PYTHON, ["-c", `import torch\n${code}\ntorch.save(out, ${JSON.stringify(file)})\n`], { maxBuffer: 64 << 20, env: { ...process.env, OMP_NUM_THREADS: "1" } },
      (err, _stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(torch.load(file))));
  });
}
const chunks = (xs: string[], n: number) => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));
const pyModels = (names: string[]) => pyAsync(`
import warnings, torchvision
import torchvision.models as M
warnings.simplefilter("ignore")
d = ${JSON.stringify(dir)}
ALL = ${JSON.stringify(names)}; NO_INIT = ${JSON.stringify([...NO_INIT])}; LOADED = ${JSON.stringify(LOADED)}; REPRS = ${JSON.stringify(REPRS)}
r = {"sd": {}, "out": {}, "repr": {}}
for n in ALL:
    kw = {"init_weights": False} if n in NO_INIT else {"init_weights": True} if n == "googlenet" else {}
    torch.manual_seed(0)
    m = getattr(M, n)(**kw)
    sd = m.state_dict()
    r["sd"][n] = [[k, list(v.shape), v.double().sum().item()] for k, v in sd.items()]
    if n in REPRS: r["repr"][n] = repr(m)
    if n in LOADED:
        torch.save(sd, f"{d}/{n}.pt")
        torch.manual_seed(1)
        x = torch.randn(*([1, 3, 224, 224] if n == "vit_b_16" else [1, 3, 64, 64]))
        with torch.no_grad(): r["out"][n] = m.eval()(x)
    del m, sd
out = r
`);

let ref: any;
beforeAll(async () => {
  ref = { sd: {}, out: {}, repr: {} };
  for (const c of chunks(ALL, 3)) {
    const r = await pyModels(c);
    for (const k of ["sd", "out", "repr"]) Object.assign(ref[k], r[k]);
  }
  Object.assign(ref, await pyAsync(`
import torchvision.models as M
r = {}
w = M.ResNet50_Weights.IMAGENET1K_V2
t = w.transforms()
torch.manual_seed(2)
img = torch.randint(0, 256, (3, 300, 280), dtype=torch.uint8)
r["tf"] = {"repr": repr(t), "out": t(img), "url": w.url, "n": len(w.meta["categories"]), "cats": w.meta["categories"][:5],
  "num_params": w.meta["num_params"], "default": str(M.ResNet50_Weights.DEFAULT), "vit": repr(M.ViT_B_16_Weights.IMAGENET1K_SWAG_E2E_V1.transforms())}
r["list"] = M.list_models()
r["cfgs"] = {}
for c in ${JSON.stringify(VGG_CFGS)}:
    for bn in (False, True):
        torch.manual_seed(0)
        r["cfgs"][c + str(bn)] = [[k, list(v.shape), v.double().sum().item()] for k, v in M.vgg.make_layers(M.vgg.cfgs[c], batch_norm=bn).state_dict().items()]
out = r
`));
}, 600_000);

describe("torchvision.models", () => {
  it.each(ALL)("builds %s with Python's state_dict: keys in order, shapes, and the same init draws after manual_seed", (n) => {
    {
      torch.manual_seed(0);
      const sd = (models as any)[n](kwargs(n)).state_dict();
      const want = ref.sd[n] as [string, number[], number][];
      expect(Object.keys(sd), n).toEqual(want.map((e) => e[0]));
      for (const [k, shape, sum] of want) {
        expect([...sd[k].shape], `${n} ${k}`).toEqual(shape);
        expectClose([sd[k].double().sum().item()], [sum], 1e-9, 1e-9);
      }
    }
  }, 120_000);

  it.each(LOADED)("loads Python's %s checkpoint through weights: (a path) and gives Python's eval output (1e-4 relative: deep nets)", (n) => {
    {
      const m = (models as any)[n]({ weights: path.join(dir, `${n}.pt`), ...(n === "googlenet" ? { transform_input: false } : {}) });
      m.eval();
      torch.manual_seed(1);
      const x = torch.randn(...inputShape(n));
      const y = torch.no_grad(() => m(x));
      expect([...y.shape], n).toEqual([...ref.out[n].shape]);
      expectClose(y, ref.out[n].tolist(), 1e-5, 1e-4);
    }
  }, 120_000);

  it("takes a state_dict object as weights, and refuses mismatched ones as load_state_dict does", () => {
    const sd = torch.load(path.join(dir, "resnet18.pt"));
    const m = models.resnet18({ weights: sd }).eval();
    torch.manual_seed(1);
    expectClose(torch.no_grad(() => m(torch.randn(1, 3, 64, 64))), ref.out.resnet18.tolist(), 1e-5, 1e-4);
    expect(() => models.resnet34({ weights: sd })).toThrow(/Missing key\(s\) in state_dict/);
    expect(() => models.resnet18({ weights: path.join(dir, "nope.pt") })).toThrow(/no such file/);
  });

  it("builds VGG-13/16/19's convolutional parts (with and without batch norm) as Python", () => {
    for (const c of VGG_CFGS) for (const bn of [false, true]) {
      torch.manual_seed(0);
      const sd = models.make_layers(models.cfgs[c], bn).state_dict();
      const want = ref.cfgs[c + (bn ? "True" : "False")] as [string, number[], number][];
      expect(Object.keys(sd)).toEqual(want.map((e) => e[0]));
      for (const [k, shape, sum] of want) {
        expect([...sd[k].shape]).toEqual(shape);
        expectClose([sd[k].double().sum().item()], [sum], 1e-9, 1e-9);
      }
    }
  });

  it("prints as Python's models do", () => {
    for (const n of REPRS) expect(String((models as any)[n](kwargs(n))), n).toBe(ref.repr[n]);
  }, 120_000);

  it("has the weights enums: url, meta with categories, DEFAULT, and the preset transforms", () => {
    const w = models.ResNet50_Weights.IMAGENET1K_V2;
    expect(w.url).toBe(ref.tf.url);
    expect((w.meta.categories as string[]).length).toBe(ref.tf.n);
    expect((w.meta.categories as string[]).slice(0, 5)).toEqual(ref.tf.cats);
    expect(w.meta.num_params).toBe(ref.tf.num_params);
    expect(String(models.ResNet50_Weights.DEFAULT)).toBe(ref.tf.default);
    const t = w.transforms();
    expect(String(t)).toBe(ref.tf.repr);
    expect(String(models.ViT_B_16_Weights.IMAGENET1K_SWAG_E2E_V1.transforms())).toBe(ref.tf.vit);
    torch.manual_seed(2);
    const img = torch.randint(0, 256, [3, 300, 280], { dtype: torch.uint8 });
    expectClose(t(img), ref.tf.out.tolist(), 1e-5, 1e-5);
  });

  it("says where to put a weights file it does not download, and finds it in the torch hub cache", () => {
    const home = path.join(dir, "torch_home");
    const saved = process.env.TORCH_HOME;
    process.env.TORCH_HOME = home;
    try {
      const w = models.ResNet18_Weights.IMAGENET1K_V1;
      for (const weights of [w, "IMAGENET1K_V1", "DEFAULT", "ResNet18_Weights.IMAGENET1K_V1"]) {
        let err: any;
        try { models.resnet18({ weights, progress: false }); } catch (e) { err = e; }
        expect(err?.name).toBe("FileNotFoundError");
        expect(err.message).toContain(w.url);
        expect(err.message).toContain(path.join(home, "hub", "checkpoints", "resnet18-f37072fd.pth"));
        expect(err.message).toContain("weights: \"/path/to/resnet18-f37072fd.pth\"");
      }
      fs.mkdirSync(path.join(home, "hub", "checkpoints"), { recursive: true });
      fs.copyFileSync(path.join(dir, "resnet18.pt"), w.cache_path);
      const m = models.resnet18({ weights: w }).eval();
      torch.manual_seed(1);
      expectClose(torch.no_grad(() => m(torch.randn(1, 3, 64, 64))), ref.out.resnet18.tolist(), 1e-5, 1e-4);
      expect(() => models.resnet18({ weights: models.ResNet34_Weights.IMAGENET1K_V1 })).toThrow("Invalid Weight class provided; expected ResNet18_Weights but received ResNet34_Weights.");
      expect(() => models.resnet18({ weights: w, num_classes: 10 })).toThrow("The parameter 'num_classes' expected value 1000 but got 10 instead.");
    } finally {
      if (saved === undefined) delete process.env.TORCH_HOME; else process.env.TORCH_HOME = saved;
    }
  });

  it("has the registry: list_models, get_model, get_model_weights, get_weight", () => {
    const names = models.list_models();
    const builders = [...ALL, "resnet101", "resnet152", "densenet161", "densenet169", "densenet201", "efficientnet_b2", "efficientnet_b3",
      "efficientnet_b4", "efficientnet_b5", "efficientnet_b6", "efficientnet_b7", "vgg13", "vgg13_bn", "vgg16", "vgg16_bn", "vgg19", "vgg19_bn"];
    expect(names).toEqual(builders.sort());
    for (const n of names) expect(ref.list).toContain(n);
    expect(models.get_weight("ResNet50_Weights.IMAGENET1K_V2")).toBe(models.ResNet50_Weights.IMAGENET1K_V2);
    expect(models.get_model_weights("resnet50")).toBe(models.ResNet50_Weights);
    torch.manual_seed(0);
    const m = models.get_model("squeezenet1_1", { num_classes: 10 });
    expect(m).toBeInstanceOf(models.SqueezeNet);
    expect(modelsNs.resnet18).toBe(models.resnet18);
  });
});
