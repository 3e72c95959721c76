// Convolution, pooling, padding, upsampling, pixel/channel shuffle and fold layers against Python's
// torch of the linked version: seeded init, forward, gradients, repr and state_dict keys of every
// class; the functional forms (interpolate in every mode, grid_sample, affine_grid, pad, ...); errors.
import { describe, it, expect, beforeAll, vi } from "vitest";
import { inspect } from "node:util";
import torch, { nn, Tensor } from "../../lib/index";
import F from "../../lib/nn/functional";
import { py, PY_ERR } from "../helpers/python";
import { expectClose } from "./helpers";

// A Python literal of a test value: arrays are tuples, null is None.
function lit(v: unknown): string {
  if (v === null) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "string") return `'${v}'`;
  if (typeof v === "number") return v === Infinity ? "float('inf')" : v === -Infinity ? "float('-inf')" : String(v);
  if (Array.isArray(v)) return v.length === 1 ? `(${lit(v[0])},)` : `(${v.map(lit).join(", ")})`;
  return `dict(${Object.entries(v as object).map(([k, x]) => `${k}=${lit(x)}`).join(", ")})`;
}
// Python's call of `cls(*args, **kw)` and ours, from one description.
type Make = [string, unknown[], Record<string, unknown>?];
const pyMake = ([cls, args, kw = {}]: Make) => `nn.${cls}(${[...args.map(lit), ...Object.entries(kw).map(([k, v]) => `${k}=${lit(v)}`)].join(", ")})`;
const tsMake = ([cls, args, kw]: Make) => new (nn as any)[cls](...args, ...(kw ? [kw] : []));

interface Case { make: Make; shape: number[]; pos?: boolean; fwd?: "unpool" | "output_size"; since?: string }
// [name, case]: the input is randn(shape) (|randn| + 0.1 where pos), forward is m(x) unless fwd says.
const CASES: Record<string, Case> = {
  conv1d: { make: ["Conv1d", [3, 4, 3]], shape: [2, 3, 9] },
  conv1d_opts: { make: ["Conv1d", [4, 6, 3], { stride: 2, padding: 2, dilation: 2, groups: 2, padding_mode: "circular" }], shape: [2, 4, 11] },
  conv1d_same: { make: ["Conv1d", [3, 2, 4], { padding: "same", padding_mode: "reflect", bias: false }], shape: [2, 3, 8] },
  conv2d_rep: { make: ["Conv2d", [3, 4, [3, 2]], { stride: [2, 1], padding: [1, 2], padding_mode: "replicate" }], shape: [2, 3, 7, 6] },
  conv2d_dw: { make: ["Conv2d", [4, 4, 3], { padding: "same", dilation: 2, groups: 4, padding_mode: "circular" }], shape: [1, 4, 6, 7] },
  conv2d_unbatched: { make: ["Conv2d", [3, 2, 3]], shape: [3, 5, 5] },
  conv3d: { make: ["Conv3d", [2, 4, 3], { padding: 1, stride: 2 }], shape: [1, 2, 5, 6, 5] },
  conv3d_same: { make: ["Conv3d", [2, 2, [2, 3, 1]], { padding: "same", padding_mode: "reflect" }], shape: [1, 2, 4, 5, 3] },
  convt1d: { make: ["ConvTranspose1d", [3, 4, 3], { stride: 2, padding: 1, output_padding: 1 }], shape: [2, 3, 5] },
  convt1d_groups: { make: ["ConvTranspose1d", [4, 6, 3], { groups: 2, dilation: 2, bias: false }], shape: [2, 4, 5] },
  convt2d: { make: ["ConvTranspose2d", [3, 2, [3, 2]], { stride: 2, padding: [1, 0] }], shape: [2, 3, 4, 5] },
  convt2d_size: { make: ["ConvTranspose2d", [3, 2, [3, 2]], { stride: 2, padding: [1, 0] }], shape: [2, 3, 4, 5], fwd: "output_size" },
  convt3d: { make: ["ConvTranspose3d", [2, 3, 2], { stride: 2 }], shape: [1, 2, 2, 3, 2] },
  maxpool1d: { make: ["MaxPool1d", [3], { stride: 2, padding: 1 }], shape: [2, 3, 9] },
  maxpool1d_idx: { make: ["MaxPool1d", [2], { return_indices: true, ceil_mode: true }], shape: [2, 3, 9] },
  maxpool2d_idx: { make: ["MaxPool2d", [3], { stride: 2, dilation: 2, return_indices: true }], shape: [1, 2, 9, 8] },
  maxpool3d: { make: ["MaxPool3d", [2], { stride: 1, padding: 1, ceil_mode: true }], shape: [1, 2, 4, 5, 3] },
  maxpool3d_idx: { make: ["MaxPool3d", [[2, 2, 1]], { return_indices: true }], shape: [1, 2, 4, 4, 3] },
  maxunpool1d: { make: ["MaxUnpool1d", [2]], shape: [2, 3, 8], fwd: "unpool" },
  maxunpool2d: { make: ["MaxUnpool2d", [2], { stride: 2 }], shape: [1, 2, 6, 4], fwd: "unpool" },
  maxunpool3d: { make: ["MaxUnpool3d", [2]], shape: [1, 2, 4, 4, 2], fwd: "unpool" },
  avgpool1d: { make: ["AvgPool1d", [3], { stride: 2, padding: 1, count_include_pad: false }], shape: [2, 3, 9] },
  avgpool1d_ceil: { make: ["AvgPool1d", [2], { ceil_mode: true }], shape: [2, 3, 7] },
  avgpool2d: { make: ["AvgPool2d", [[3, 2]], { stride: [2, 1], padding: 1, divisor_override: 3 }], shape: [1, 2, 7, 6] },
  avgpool3d: { make: ["AvgPool3d", [2], { stride: 2, padding: 1, ceil_mode: true, count_include_pad: false }], shape: [1, 2, 5, 5, 4] },
  avgpool3d_div: { make: ["AvgPool3d", [3], { divisor_override: 5 }], shape: [1, 1, 4, 4, 4] },
  adaptiveavg1d: { make: ["AdaptiveAvgPool1d", [4]], shape: [2, 3, 9] },
  adaptiveavg2d: { make: ["AdaptiveAvgPool2d", [[3, null]]], shape: [2, 2, 7, 5] },
  adaptiveavg3d: { make: ["AdaptiveAvgPool3d", [[2, null, 3]]], shape: [1, 2, 5, 4, 7] },
  adaptivemax1d: { make: ["AdaptiveMaxPool1d", [3]], shape: [2, 3, 8] },
  adaptivemax1d_idx: { make: ["AdaptiveMaxPool1d", [4], { return_indices: true }], shape: [2, 3, 9] },
  adaptivemax2d_idx: { make: ["AdaptiveMaxPool2d", [[null, 2]], { return_indices: true }], shape: [1, 2, 5, 6] },
  adaptivemax3d: { make: ["AdaptiveMaxPool3d", [2]], shape: [1, 2, 4, 5, 3] },
  fracmax2d: { make: ["FractionalMaxPool2d", [2], { output_size: [4, 3] }], shape: [2, 3, 8, 7] },
  fracmax2d_ratio: { make: ["FractionalMaxPool2d", [[2, 3]], { output_ratio: [0.5, 0.7], return_indices: true }], shape: [1, 2, 9, 9] },
  fracmax3d: { make: ["FractionalMaxPool3d", [2], { output_size: 3, return_indices: true }], shape: [1, 2, 6, 6, 5] },
  fracmax3d_ratio: { make: ["FractionalMaxPool3d", [2], { output_ratio: 0.5 }], shape: [2, 2, 6, 6, 6] },
  lppool1d: { make: ["LPPool1d", [2, 3], { stride: 2 }], shape: [2, 3, 9] },
  lppool1d_frac: { make: ["LPPool1d", [1.5, 2]], shape: [2, 3, 8], pos: true },
  lppool2d: { make: ["LPPool2d", [2, [3, 2]], { stride: [2, 1], ceil_mode: true }], shape: [1, 2, 7, 6], pos: true },
  lppool2d_inf: { make: ["LPPool2d", [Infinity, 2]], shape: [1, 2, 6, 6], pos: true },
  lppool3d: { make: ["LPPool3d", [2, 2]], shape: [1, 2, 4, 4, 4], since: "LPPool3d" },
  constpad1d: { make: ["ConstantPad1d", [2, 3.5]], shape: [2, 3, 4] },
  constpad2d: { make: ["ConstantPad2d", [[1, 0, 2, 1], -1.5]], shape: [1, 2, 3, 3] },
  constpad3d: { make: ["ConstantPad3d", [1, 0.5]], shape: [1, 1, 2, 2, 2] },
  zeropad1d: { make: ["ZeroPad1d", [[1, 2]]], shape: [2, 3, 4], since: "ZeroPad1d" },
  zeropad2d: { make: ["ZeroPad2d", [[1, 1, 2, 0]]], shape: [1, 2, 3, 3] },
  zeropad3d: { make: ["ZeroPad3d", [1]], shape: [1, 1, 2, 2, 2], since: "ZeroPad3d" },
  reflpad1d: { make: ["ReflectionPad1d", [[2, 1]]], shape: [2, 3, 5] },
  reflpad2d: { make: ["ReflectionPad2d", [2]], shape: [1, 2, 4, 4] },
  reflpad3d: { make: ["ReflectionPad3d", [[1, 0, 1, 1, 0, 1]]], shape: [1, 1, 3, 3, 3] },
  reppad1d: { make: ["ReplicationPad1d", [2]], shape: [2, 3, 4] },
  reppad2d: { make: ["ReplicationPad2d", [[0, 1, 2, 3]]], shape: [1, 2, 3, 3] },
  reppad3d: { make: ["ReplicationPad3d", [1]], shape: [1, 1, 2, 3, 2] },
  circpad1d: { make: ["CircularPad1d", [2]], shape: [2, 3, 4], since: "CircularPad1d" },
  circpad2d: { make: ["CircularPad2d", [[1, 0, 1, 2]]], shape: [1, 2, 3, 4], since: "CircularPad2d" },
  circpad3d: { make: ["CircularPad3d", [1]], shape: [1, 1, 3, 3, 3], since: "CircularPad3d" },
  up_nearest: { make: ["Upsample", [], { scale_factor: 2 }], shape: [1, 2, 3, 4] },
  up_bilinear: { make: ["Upsample", [], { size: [5, 7], mode: "bilinear" }], shape: [1, 2, 3, 4] },
  up_bicubic: { make: ["Upsample", [], { scale_factor: [1.5, 2.5], mode: "bicubic", align_corners: true }], shape: [1, 2, 3, 4] },
  up_linear: { make: ["Upsample", [], { size: 7, mode: "linear" }], shape: [2, 3, 4] },
  up_trilinear: { make: ["Upsample", [], { scale_factor: 1.7, mode: "trilinear", recompute_scale_factor: true }], shape: [1, 2, 3, 3, 2] },
  up_area: { make: ["Upsample", [], { scale_factor: 0.5, mode: "area" }], shape: [1, 2, 6, 6] },
  up_exact: { make: ["Upsample", [], { size: [5], mode: "nearest-exact" }], shape: [2, 3, 3] },
  up_nearest2d: { make: ["UpsamplingNearest2d", [], { scale_factor: 3 }], shape: [1, 2, 2, 3] },
  up_bilinear2d: { make: ["UpsamplingBilinear2d", [[4, 5]]], shape: [1, 2, 3, 3] },
  pixelshuffle: { make: ["PixelShuffle", [2]], shape: [1, 8, 3, 3] },
  pixelunshuffle: { make: ["PixelUnshuffle", [2]], shape: [1, 2, 4, 6] },
  fold: { make: ["Fold", [], { output_size: [4, 5], kernel_size: [2, 3] }], shape: [2, 18, 9] },
  fold_opts: { make: ["Fold", [5, 2], { dilation: 2, padding: 1, stride: 2 }], shape: [1, 8, 9] },
  unfold: { make: ["Unfold", [[2, 3]], { padding: 1, stride: [1, 2] }], shape: [2, 3, 4, 5] },
  channelshuffle: { make: ["ChannelShuffle", [2]], shape: [1, 4, 2, 3] },
};
const UNPOOL_POOL: Record<string, Make> = {
  maxunpool1d: ["MaxPool1d", [2], { return_indices: true }],
  maxunpool2d: ["MaxPool2d", [2], { stride: 2, return_indices: true }],
  maxunpool3d: ["MaxPool3d", [2], { return_indices: true }],
};

function pyCases(): string {
  const lines = Object.entries(CASES).map(([name, c], i) => {
    const fwd = c.fwd === "unpool" ? `lambda m, x: m(*${pyMake(UNPOOL_POOL[name])}(x))`
      : c.fwd === "output_size" ? "lambda m, x: m(x, output_size=[8, 11])" : "None";
    const guard = c.since ? `if hasattr(nn, '${c.since}'): ` : "";
    return `${guard}run('${name}', ${i}, lambda: ${pyMake(c.make)}, ${lit(c.shape)}, ${c.pos ? "True" : "False"}, ${fwd})`;
  });
  return lines.join("\n");
}

const PY = `
import torch.nn as nn, torch.nn.functional as F, warnings
${PY_ERR}
out = {'cases': {}}
def run(name, seed, make, shape, pos, fwd):
    torch.manual_seed(seed)
    m = make()
    init = {k: v.detach().clone() for k, v in m.state_dict().items()}
    x = torch.randn(*shape)
    x = (x.abs() + 0.1 if pos else x).requires_grad_()
    y = fwd(m, x) if fwd else m(x)
    idx = None
    if isinstance(y, tuple): y, idx = y
    w = torch.randn(y.shape)
    berr = err(lambda: (y * w).sum().backward())  # 1.13: channel_shuffle has no derivative
    out['cases'][name] = {'init': init, 'y': y, 'idx': idx, 'xgrad': x.grad, 'berr': berr, 'repr': repr(m), 'keys': list(m.state_dict().keys()),
      'pgrads': {k: p.grad for k, p in m.named_parameters()}}
${pyCases()}
`;

let ref: any;
beforeAll(() => { ref = py(PY); });

function err(f: () => unknown): [string, string] | null {
  try { f(); return null; } catch (e) {
    const name = (e as Error).name;
    return [name === "Error" ? "RuntimeError" : name, (e as Error).message];
  }
}

describe("vision layers: init, forward, backward, repr, state_dict keys against Python", () => {
  for (const [name, c] of Object.entries(CASES)) {
    it(`${name}: ${pyMake(c.make)}`, () => {
      const i = Object.keys(CASES).indexOf(name);
      const w = ref.cases[name];
      torch.manual_seed(i);
      if (!w) {
        // The linked Python has no such class: neither do we.
        expect(c.since).toBeDefined();
        expect(err(() => tsMake(c.make))).toEqual(["AttributeError", `module 'torch.nn' has no attribute '${c.since}'`]);
        return;
      }
      const m = tsMake(c.make) as nn.Module;
      const sd = m.state_dict();
      expect(Object.keys(sd)).toEqual(w.keys);
      for (const k of w.keys) expect((sd[k] as Tensor).tolist(), k).toEqual(w.init[k].tensor);
      expect(inspect(m)).toBe(w.repr);
      let x = torch.randn(c.shape);
      x = (c.pos ? x.abs().add(0.1) : x).requires_grad_();
      let y: any = c.fwd === "unpool" ? (m as any)(...tsMake(UNPOOL_POOL[name])(x))
        : c.fwd === "output_size" ? (m as any)(x, { output_size: [8, 11] }) : (m as any)(x);
      let idx: Tensor | null = null;
      if (Array.isArray(y)) [y, idx] = y;
      expect([...y.shape]).toEqual(w.y.shape);
      expectClose(y, w.y);
      if (w.idx !== null) expect(idx!.tolist()).toEqual(w.idx.tensor);
      else expect(idx).toBeNull();
      const yw = (y as Tensor).mul(torch.randn(y.shape)).sum();
      expect(err(() => yw.backward())).toEqual(w.berr);
      if (w.berr) return;
      expectClose(x.grad!, w.xgrad, 1e-5);
      for (const [k, p] of m.named_parameters()) expectClose(p.grad!, w.pgrads[k], 1e-5);
    });
  }
});

// ---- the functional forms ----
// [input, kwargs] of F.interpolate; inputs: x3 (2, 3, 7), x4 (1, 2, 5, 6), x5 (1, 2, 3, 4, 5).
const INTERP: [string, Record<string, unknown>][] = [
  ["x3", { size: 10 }], ["x3", { scale_factor: 2.5, mode: "linear", align_corners: true }], ["x3", { scale_factor: 0.6, mode: "nearest-exact" }],
  ["x3", { size: 4, mode: "area" }], ["x3", { scale_factor: 1.5, mode: "linear", recompute_scale_factor: true }],
  ["x4", { size: [7, 9], mode: "bilinear" }], ["x4", { scale_factor: [1.5, 0.8], mode: "bicubic" }],
  ["x4", { scale_factor: 2, recompute_scale_factor: true }], ["x4", { size: [3, 4], mode: "bilinear", antialias: true }],
  ["x4", { scale_factor: 0.4, mode: "bicubic", antialias: true, align_corners: true }], ["x4", { size: [8, 3], mode: "area" }],
  ["x4", { scale_factor: 1.3, mode: "nearest-exact" }], ["x4", { scale_factor: 0.7, mode: "area" }],
  ["x5", { scale_factor: 2, mode: "trilinear", align_corners: true }], ["x5", { size: [4, 5, 6] }], ["x5", { scale_factor: 0.5, mode: "area" }],
  ["x5", { size: [2, 7, 3], mode: "nearest-exact" }],
];
const GRID_MODES = ["bilinear", "nearest", "bicubic"], GRID_PADS = ["zeros", "border", "reflection"];
const PADS: [string, unknown[], Record<string, unknown>][] = [
  ["x4", [[1, 2]], {}], ["x4", [[1, 1, 2, 0]], { value: 3.5 }], ["x4", [[2, 1, -1, 2]], {}], ["x4", [[1, 1, 2, 2]], { mode: "reflect" }],
  ["x4", [[0, 3, 1, 0]], { mode: "replicate" }], ["x4", [[2, 1, 1, 3]], { mode: "circular" }], ["x3", [[2, 3]], { mode: "reflect" }],
  ["x5", [[1, 0, 1, 1, 0, 2]], { mode: "replicate" }], ["x5", [[1, 1, 0, 1, 1, 0]], { mode: "circular" }], ["x3", [[1, 1, 0, 1, 1, 1]], { value: -2 }],
];
const FPY = `
torch.manual_seed(100)
x3 = torch.randn(2, 3, 7); x4 = torch.randn(1, 2, 5, 6); x5 = torch.randn(1, 2, 3, 4, 5)
ins = {'x3': x3, 'x4': x4, 'x5': x5}
def fwd_bwd(f, *xs):
    xs = [x.detach().clone().requires_grad_() for x in xs]
    y = f(*xs)
    y.pow(2).sum().backward()
    return {'y': y, 'g': [x.grad for x in xs]}
r = {}
r['interp'] = [fwd_bwd(lambda x: F.interpolate(x, **kw), ins[n]) for n, kw in ${lit(INTERP.map(([n, kw]) => [n, kw]))}]
grid = torch.rand(1, 4, 3, 2) * 2.4 - 1.2; grid3 = torch.rand(1, 2, 3, 4, 3) * 2.2 - 1.1
r['grid'] = [fwd_bwd(lambda x, g: F.grid_sample(x, g, mode=m, padding_mode=p, align_corners=a), x4, grid)
    for m in ${lit(GRID_MODES)} for p in ${lit(GRID_PADS)} for a in (False, True)]
r['grid3'] = [fwd_bwd(lambda x, g: F.grid_sample(x, g, mode=m, padding_mode=p, align_corners=a), x5, grid3)
    for m in ('bilinear', 'nearest') for p in ${lit(GRID_PADS)} for a in (False, True)]
theta = torch.randn(2, 2, 3); theta3 = torch.randn(1, 3, 4)
r['affine'] = [fwd_bwd(lambda t: F.affine_grid(t, [2, 3, 4, 5], align_corners=False), theta),
    fwd_bwd(lambda t: F.affine_grid(t, [2, 3, 4, 5], align_corners=True), theta),
    fwd_bwd(lambda t: F.affine_grid(t, [1, 2, 3, 4, 5], align_corners=False), theta3)]
r['pad'] = [fwd_bwd(lambda x: F.pad(x, *a, **kw), ins[n]) for n, a, kw in ${lit(PADS)}]
r['lp'] = [fwd_bwd(lambda x: F.lp_pool2d(x, float('inf'), 2), x4), fwd_bwd(lambda x: F.lp_pool1d(x, float('-inf'), 3, 2), x3),
    fwd_bwd(lambda x: F.lp_pool2d(x, 2, (2, 3), ceil_mode=True), x4)]
y, i = F.max_pool2d(x4, 2, return_indices=True)
r['unpool'] = [F.max_unpool2d(y, i, 2, output_size=[5, 6]), F.max_unpool2d(y, i, 2, output_size=[1, 2, 5, 7]), F.max_unpool2d(y, i, (2, 2), 2, 0)]
torch.manual_seed(101); s2 = torch.rand(1, 2, 2)
r['frac'] = list(F.fractional_max_pool2d(x4, 2, output_size=(3, 3), return_indices=True, _random_samples=s2)) + [F.fractional_max_pool2d(x4, (2, 2), output_ratio=(0.6, 0.5), _random_samples=s2)]
w1 = torch.randn(4, 3, 4); w2 = torch.randn(2, 3, 3, 3); b2 = torch.randn(4)
r['conv'] = [F.conv1d(x3, w1, padding='same', dilation=2), F.conv1d(x3, w1, b2, 2, 'valid'), F.conv_transpose2d(x4, w2, None, 2, 1, 1),
    F.conv_transpose2d(x4.repeat(1, 2, 1, 1), w2.repeat(2, 1, 1, 1), groups=2, dilation=(2, 1)),
    F.avg_pool1d(x3, 3, ceil_mode=True), F.adaptive_max_pool2d(x4, (2, None), True)[1], F.adaptive_avg_pool3d(x5, 2),
    F.unfold(x4, 2, stride=2), F.fold(F.unfold(x4, (2, 3), padding=1), (5, 6), (2, 3), padding=1),
    F.pixel_shuffle(x4.repeat(1, 2, 1, 1), 2), F.pixel_unshuffle(x4[..., :4, :4], 2), F.channel_shuffle(x4.repeat(1, 3, 1, 1), 3), F.native_channel_shuffle(x4.repeat(1, 2, 1, 1), 2)]
with warnings.catch_warnings(record=True) as ws:
    warnings.simplefilter('always')
    r['upsample'] = [F.upsample(x4, scale_factor=2), F.upsample_nearest(x4, size=(3, 7)), F.upsample_bilinear(x4, scale_factor=1.5)]
    F.grid_sample(x4, grid)
r['warnings'] = [str(w.message) for w in ws]
out = r
`;

describe("vision functions against Python", () => {
  let fr: any;
  const ins: Record<string, Tensor> = {};
  let grid: Tensor, grid3: Tensor, theta: Tensor, theta3: Tensor;
  beforeAll(() => {
    fr = py(`import torch.nn as nn, torch.nn.functional as F, warnings\n` + FPY);
    torch.manual_seed(100);
    ins.x3 = torch.randn(2, 3, 7); ins.x4 = torch.randn(1, 2, 5, 6); ins.x5 = torch.randn(1, 2, 3, 4, 5);
    grid = torch.rand(1, 4, 3, 2).mul(2.4).sub(1.2); grid3 = torch.rand(1, 2, 3, 4, 3).mul(2.2).sub(1.1);
    theta = torch.randn(2, 2, 3); theta3 = torch.randn(1, 3, 4);
  });
  function check(w: any, f: (...xs: Tensor[]) => Tensor, ...inputs: Tensor[]) {
    const xs = inputs.map((x) => x.detach().clone().requires_grad_());
    const y = f(...xs);
    y.pow(2).sum().backward();
    expect([...y.shape]).toEqual(w.y.shape);
    expectClose(y, w.y, 1e-5);
    xs.forEach((x, i) => expectClose(x.grad!, w.g[i], 1e-4, 1e-5));
  }
  it("interpolate: every mode, size and scale_factor, recompute_scale_factor, align_corners, antialias", () => {
    INTERP.forEach(([n, kw], i) => check(fr.interp[i], (x) => F.interpolate(x, kw), ins[n]));
  });
  it("grid_sample: 2D every mode and padding mode, 3D bilinear and nearest; affine_grid 2D and 3D", () => {
    let k = 0;
    for (const mode of GRID_MODES) for (const padding_mode of GRID_PADS) for (const align_corners of [false, true])
      check(fr.grid[k++], (x, g) => F.grid_sample(x, g, { mode, padding_mode, align_corners }), ins.x4, grid);
    k = 0;
    for (const mode of ["bilinear", "nearest"]) for (const padding_mode of GRID_PADS) for (const align_corners of [false, true])
      check(fr.grid3[k++], (x, g) => F.grid_sample(x, g, { mode, padding_mode, align_corners }), ins.x5, grid3);
    check(fr.affine[0], (t) => F.affine_grid(t, [2, 3, 4, 5], { align_corners: false }), theta);
    check(fr.affine[1], (t) => F.affine_grid(t, [2, 3, 4, 5], { align_corners: true }), theta);
    check(fr.affine[2], (t) => F.affine_grid(t, [1, 2, 3, 4, 5], { align_corners: false }), theta3);
  });
  it("pad: constant (negative too), reflect, replicate, circular", () => {
    PADS.forEach(([n, a, kw], i) => check(fr.pad[i], (x) => F.pad(x, ...a, kw), ins[n]));
  });
  it("lp_pool of ±inf and with ceil_mode; max_unpool with output_size; fractional max pooling with given samples", () => {
    check(fr.lp[0], (x) => F.lp_pool2d(x, Infinity, 2), ins.x4);
    check(fr.lp[1], (x) => F.lp_pool1d(x, -Infinity, 3, 2), ins.x3);
    check(fr.lp[2], (x) => F.lp_pool2d(x, 2, [2, 3], { ceil_mode: true }), ins.x4);
    const [y, i] = F.max_pool2d(ins.x4, 2, { return_indices: true });
    expectClose(F.max_unpool2d(y, i, 2, { output_size: [5, 6] }), fr.unpool[0]);
    expectClose(F.max_unpool2d(y, i, 2, { output_size: [1, 2, 5, 7] }), fr.unpool[1]);
    expectClose(F.max_unpool2d(y, i, [2, 2], 2, 0), fr.unpool[2]);
    torch.manual_seed(101);
    const s2 = torch.rand(1, 2, 2);
    const [fv, fi] = F.fractional_max_pool2d(ins.x4, 2, { output_size: [3, 3], return_indices: true, _random_samples: s2 });
    expectClose(fv, fr.frac[0]);
    expect(fi.tolist()).toEqual(fr.frac[1].tensor);
    expectClose(F.fractional_max_pool2d(ins.x4, [2, 2], { output_ratio: [0.6, 0.5], _random_samples: s2 }), fr.frac[2]);
  });
  it("conv (padding strings), conv_transpose (groups, dilation), pooling, fold/unfold and the shuffles", () => {
    const { x3, x4, x5 } = ins;
    torch.manual_seed(101);
    torch.rand(1, 2, 2);
    const w1 = torch.randn(4, 3, 4), w2 = torch.randn(2, 3, 3, 3), b2 = torch.randn(4);
    const got = [F.conv1d(x3, w1, { padding: "same", dilation: 2 }), F.conv1d(x3, w1, b2, 2, "valid"), F.conv_transpose2d(x4, w2, null, 2, 1, 1),
      F.conv_transpose2d(x4.repeat(1, 2, 1, 1), w2.repeat(2, 1, 1, 1), { groups: 2, dilation: [2, 1] }),
      F.avg_pool1d(x3, 3, { ceil_mode: true }), F.adaptive_max_pool2d(x4, [2, null], true)[1], F.adaptive_avg_pool3d(x5, 2),
      F.unfold(x4, 2, { stride: 2 }), F.fold(F.unfold(x4, [2, 3], { padding: 1 }), [5, 6], [2, 3], { padding: 1 }),
      F.pixel_shuffle(x4.repeat(1, 2, 1, 1), 2), F.pixel_unshuffle(x4.index("...", ":4", ":4"), 2), F.channel_shuffle(x4.repeat(1, 3, 1, 1), 3),
      F.native_channel_shuffle(x4.repeat(1, 2, 1, 1), 2)];
    got.forEach((t, i) => { expect([...t.shape], `#${i}`).toEqual(fr.conv[i].shape); expectClose(t, fr.conv[i], 1e-5); });
  });
  it("upsample, upsample_nearest, upsample_bilinear (deprecated) and grid_sample's align_corners default warn as Python does", () => {
    const spy = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    try {
      const x4 = ins.x4;
      expectClose(F.upsample(x4, { scale_factor: 2 }), fr.upsample[0]);
      expectClose(F.upsample_nearest(x4, { size: [3, 7] }), fr.upsample[1]);
      expectClose(F.upsample_bilinear(x4, { scale_factor: 1.5 }), fr.upsample[2], 1e-5);
      F.grid_sample(x4, grid);
      expect(spy.mock.calls.map((c) => c[0])).toEqual(fr.warnings);
    } finally { spy.mockRestore(); }
  });
});

// ---- errors: Python's type and message for bad arguments ----
const x4e = () => torch.ones(1, 2, 5, 6);
const ERRS: [string, () => unknown][] = [
  ["nn.Conv2d(3, 4, 3, groups=2)", () => new nn.Conv2d(3, 4, 3, { groups: 2 })],
  ["nn.Conv1d(4, 6, 3, groups=0)", () => new nn.Conv1d(4, 6, 3, { groups: 0 })],
  ["nn.Conv2d(2, 2, 3, stride=2, padding='same')", () => new nn.Conv2d(2, 2, 3, { stride: 2, padding: "same" })],
  ["nn.ConvTranspose2d(2, 2, 3, padding_mode='reflect')", () => new nn.ConvTranspose2d(2, 2, 3, { padding_mode: "reflect" })],
  ["nn.ConvTranspose2d(3, 2, 3, stride=2)(torch.ones(1, 3, 4, 4), output_size=[20, 20])",
    () => new nn.ConvTranspose2d(3, 2, 3, { stride: 2 })(torch.ones(1, 3, 4, 4), { output_size: [20, 20] })],
  ["nn.ConvTranspose1d(2, 2, 3)(torch.ones(1, 2, 4), output_size=[1, 2, 3, 4])",
    () => new nn.ConvTranspose1d(2, 2, 3)(torch.ones(1, 2, 4), { output_size: [1, 2, 3, 4] })],
  ["nn.FractionalMaxPool2d(2)", () => new nn.FractionalMaxPool2d(2)],
  ["nn.FractionalMaxPool2d(2, output_size=3, output_ratio=0.5)", () => new nn.FractionalMaxPool2d(2, { output_size: 3, output_ratio: 0.5 })],
  ["nn.FractionalMaxPool2d(2, output_ratio=(0.5, 1.5))", () => new nn.FractionalMaxPool2d(2, { output_ratio: [0.5, 1.5] })],
  ["nn.FractionalMaxPool3d(0, output_size=2)", () => new nn.FractionalMaxPool3d(0, { output_size: 2 })],
  ["F.fractional_max_pool2d(x4, 2)", () => F.fractional_max_pool2d(x4e(), 2)],
  ["F.fractional_max_pool2d(x4, 2, output_ratio=0.5)", () => F.fractional_max_pool2d(x4e(), 2, { output_ratio: 0.5 })],
  ["nn.LPPool2d(0, 2)", () => new nn.LPPool2d(0, 2)],
  ["F.lp_pool2d(x4, 0, 2)", () => F.lp_pool2d(x4e(), 0, 2)],
  ["F.interpolate(x4, size=3, scale_factor=2)", () => F.interpolate(x4e(), { size: 3, scale_factor: 2 })],
  ["F.interpolate(x4)", () => F.interpolate(x4e())],
  ["F.interpolate(x4, size=(3,), mode='bilinear')", () => F.interpolate(x4e(), { size: [3], mode: "bilinear" })],
  ["F.interpolate(x4, scale_factor=(2,), mode='bilinear')", () => F.interpolate(x4e(), { scale_factor: [2], mode: "bilinear" })],
  ["F.interpolate(x4, scale_factor=2, align_corners=True)", () => F.interpolate(x4e(), { scale_factor: 2, align_corners: true })],
  ["F.interpolate(torch.ones(1, 2, 3), scale_factor=2, mode='bilinear')", () => F.interpolate(torch.ones(1, 2, 3), { scale_factor: 2, mode: "bilinear" })],
  ["F.interpolate(x4, scale_factor=2, mode='trilinear')", () => F.interpolate(x4e(), { scale_factor: 2, mode: "trilinear" })],
  ["F.interpolate(torch.ones(1, 2, 3, 4, 5), scale_factor=2, mode='bicubic')", () => F.interpolate(torch.ones(1, 2, 3, 4, 5), { scale_factor: 2, mode: "bicubic" })],
  ["F.interpolate(x4, scale_factor=2, mode='nearest', antialias=True)", () => F.interpolate(x4e(), { scale_factor: 2, mode: "nearest", antialias: true })],
  ["F.interpolate(torch.ones(2, 2), size=3)", () => F.interpolate(torch.ones(2, 2), { size: 3 })],
  ["F.interpolate(x4, size=3, recompute_scale_factor=True)", () => F.interpolate(x4e(), { size: 3, recompute_scale_factor: true })],
  ["nn.Upsample(scale_factor=2, mode='bogus')(x4)", () => new nn.Upsample({ scale_factor: 2, mode: "bogus" })(x4e())],
  ["F.grid_sample(x4, torch.zeros(1, 2, 2, 2), mode='area', align_corners=False)", () => F.grid_sample(x4e(), torch.zeros(1, 2, 2, 2), { mode: "area", align_corners: false })],
  ["F.grid_sample(x4, torch.zeros(1, 2, 2, 2), padding_mode='wrap', align_corners=False)", () => F.grid_sample(x4e(), torch.zeros(1, 2, 2, 2), { padding_mode: "wrap", align_corners: false })],
  ["F.affine_grid(torch.ones(2, 2, 3, dtype=torch.int64), [2, 3, 4, 5], align_corners=False)", () => F.affine_grid(torch.ones([2, 2, 3], { dtype: torch.int64 }), [2, 3, 4, 5], { align_corners: false })],
  ["F.affine_grid(torch.ones(2, 3, 3), [2, 3, 4, 5], align_corners=False)", () => F.affine_grid(torch.ones(2, 3, 3), [2, 3, 4, 5], { align_corners: false })],
  ["F.affine_grid(torch.ones(1, 3, 3), [1, 2, 3, 4, 5], align_corners=False)", () => F.affine_grid(torch.ones(1, 3, 3), [1, 2, 3, 4, 5], { align_corners: false })],
  ["F.affine_grid(torch.ones(2, 2, 3), [2, 3, 4], align_corners=False)", () => F.affine_grid(torch.ones(2, 2, 3), [2, 3, 4], { align_corners: false })],
  ["F.affine_grid(torch.ones(2, 2, 3), [2, 3, 0, 5], align_corners=False)", () => F.affine_grid(torch.ones(2, 2, 3), [2, 3, 0, 5], { align_corners: false })],
  ["F.max_unpool2d(*F.max_pool2d(x4, 2, return_indices=True), 2, output_size=[9, 9])", () => F.max_unpool2d(...(F.max_pool2d(x4e(), 2, { return_indices: true }) as [Tensor, Tensor]), 2, { output_size: [9, 9] })],
  ["F.max_unpool2d(*F.max_pool2d(x4, 2, return_indices=True), 2, output_size=[5])", () => F.max_unpool2d(...(F.max_pool2d(x4e(), 2, { return_indices: true }) as [Tensor, Tensor]), 2, { output_size: [5] })],
  ["F.adaptive_max_pool2d(torch.ones(3), (2, 2))", () => F.adaptive_max_pool2d(torch.ones(3), [2, 2])],
  ["F.pad(x4, (1,))", () => F.pad(x4e(), [1])],
  ["F.conv2d(x4, torch.ones(3, 2, 3, 3), padding='middle')", () => F.conv2d(x4e(), torch.ones(3, 2, 3, 3), { padding: "middle" })],
  ["nn.MaxPool2d(2)(torch.ones(2))", () => new nn.MaxPool2d(2)(torch.ones(2))],
  ["nn.CircularPad2d(1)(torch.ones(2, 3))", () => new nn.CircularPad2d(1)(torch.ones(2, 3))],
  ["nn.Conv2d(2, 2, 3, padding_mode='zero')", () => new nn.Conv2d(2, 2, 3, { padding_mode: "zero" as any })],
];

describe("errors for bad arguments, as the linked Python raises them", () => {
  it("constructors and functions", () => {
    const want = py(`import torch.nn as nn, torch.nn.functional as F, warnings
${PY_ERR}
warnings.simplefilter('ignore')
x4 = torch.ones(1, 2, 5, 6)
out = [err(lambda: ${ERRS.map(([e]) => e).join("), err(lambda: ")})]
`);
    ERRS.forEach(([expr, f], i) => {
      // Python's set of padding modes prints in hash order.
      const w = want[i]?.[1]?.startsWith("padding_mode must be one of") ? [want[i][0], expect.stringMatching(/^padding_mode must be one of \{.*\}, but got padding_mode='zero'$/)] : want[i];
      expect(err(f), expr).toEqual(w);
    });
  });
});

describe("names", () => {
  // Gated by version: present here on every release, raising Python's AttributeError where it lacks them.
  const GATED = ["lp_pool3d", "LPPool3d", "CircularPad1d", "CircularPad2d", "CircularPad3d", "ZeroPad1d", "ZeroPad3d"];
  const FNS = ["conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "conv_tbc",
    "avg_pool1d", "avg_pool2d", "avg_pool3d", "max_pool1d", "max_pool2d", "max_pool3d", "max_pool1d_with_indices",
    "max_pool2d_with_indices", "max_pool3d_with_indices", "max_unpool1d", "max_unpool2d", "max_unpool3d", "lp_pool1d", "lp_pool2d",
    "adaptive_max_pool1d", "adaptive_max_pool2d", "adaptive_max_pool3d", "adaptive_max_pool1d_with_indices",
    "adaptive_max_pool2d_with_indices", "adaptive_max_pool3d_with_indices", "adaptive_avg_pool1d", "adaptive_avg_pool2d",
    "adaptive_avg_pool3d", "fractional_max_pool2d", "fractional_max_pool3d", "fractional_max_pool2d_with_indices",
    "fractional_max_pool3d_with_indices", "pad", "interpolate", "upsample", "upsample_nearest", "upsample_bilinear", "grid_sample",
    "affine_grid", "pixel_shuffle", "pixel_unshuffle", "channel_shuffle", "native_channel_shuffle", "fold", "unfold"];
  it("every vision function of torch.nn.functional and every class of the modules' files, as the linked Python has them", () => {
    const want = py(`import torch.nn as nn, torch.nn.modules as M, torch.nn.functional as F
names = [n for f in ('conv', 'pooling', 'padding', 'upsampling', 'pixelshuffle', 'fold', 'channelshuffle') for n in getattr(M, f).__all__]
out = {'fns': [n for n in ${lit(FNS)} if hasattr(F, n)], 'classes': sorted(n for n in names if not n.startswith('Lazy'))}`);
    expect(want.fns).toEqual(FNS);
    for (const n of FNS) expect(typeof (F as any)[n], n).toBe("function");
    const ours = Object.keys(nn).filter((n) => /^[A-Z]/.test(n) && !GATED.includes(n) && ["conv", "pooling", "padding", "upsampling", "pixelshuffle", "fold", "channelshuffle"]
      .some((f) => (nn as any)[n].__module__ === `torch.nn.modules.${f}`));
    expect(ours.sort()).toEqual(want.classes.filter((n: string) => !GATED.includes(n)));
  });
});
