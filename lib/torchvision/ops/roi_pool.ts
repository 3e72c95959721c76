// torchvision/ops/roi_pool.py. torchvision computes it in C++ (roi_pool_kernel.cpp); here the
// kernel's argmax of each bin is found the same way and the output gathered at it, so autograd
// routes the gradient to those pixels as the C++ backward does.
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import { Module } from "../../nn/module";
import { bindArgs, pyStr } from "../../nn/_utils";
import { roiSetup } from "./_utils";

/** Python's round(): half away from zero, as C's round(). */
const cround = (x: number) => Math.sign(x) * Math.round(Math.abs(x));

/** Region of Interest max pooling (Fast R-CNN): [K, C, oh, ow] for boxes [K, 5] or a list of [L, 4]. */
export function roi_pool(input: Tensor, boxes: Tensor | Tensor[], output_size: number | number[], spatial_scale?: number | { spatial_scale?: number }): Tensor;
export function roi_pool(...args: any[]): Tensor {
  const [input, boxes, output_size, spatial_scale] = bindArgs("roi_pool", [["input"], ["boxes"], ["output_size"], ["spatial_scale", 1.0]], args);
  const { r, f, ph, pw, C, H, W, K, empty, scale } = roiSetup(input, boxes, output_size, spatial_scale);
  if (empty !== null) return empty;
  const data = input.detach().cpu().contiguous().to(torch.float64).numpy().data as Float64Array;
  // flat index into input (or -1: an empty bin, which is 0)
  const arg = new Array<number>(K * C * ph * pw);
  for (let n = 0; n < K; n++) {
    const o = 5 * n, b = r[o] | 0;
    const sw = cround(f(r[o + 1] * scale)), sh = cround(f(r[o + 2] * scale));
    const ew = cround(f(r[o + 3] * scale)), eh = cround(f(r[o + 4] * scale));
    const rw = Math.max(ew - sw + 1, 1), rh = Math.max(eh - sh + 1, 1);
    const bh = f(rh / ph), bw = f(rw / pw);
    for (let py = 0; py < ph; py++) for (let px = 0; px < pw; px++) {
      const hs = Math.min(Math.max(Math.floor(f(py * bh)) + sh, 0), H), he = Math.min(Math.max(Math.ceil(f((py + 1) * bh)) + sh, 0), H);
      const ws = Math.min(Math.max(Math.floor(f(px * bw)) + sw, 0), W), we = Math.min(Math.max(Math.ceil(f((px + 1) * bw)) + sw, 0), W);
      const empty = he <= hs || we <= ws;
      for (let c = 0; c < C; c++) {
        const base = (b * C + c) * H * W;
        let maxval = empty ? 0 : -3.4028234663852886e38, maxidx = -1;
        for (let h = hs; h < he; h++) for (let w = ws; w < we; w++) {
          const v = data[base + h * W + w];
          if (v > maxval) { maxval = v; maxidx = base + h * W + w; }
        }
        arg[((n * C + c) * ph + py) * pw + px] = maxidx;
      }
    }
  }
  const a = torch.tensor(arg, { dtype: torch.int64 }).to(input.device);
  const valid = a.ge(0);
  const picked = input.reshape(-1).index(a.clamp({ min: 0 }));
  return torch.where(valid, picked, torch.zeros_like(picked)).reshape(K, C, ph, pw);
}

/** Module form of roi_pool. */
export class RoIPool extends Module {
  declare output_size: number | number[];
  declare spatial_scale: number;
  constructor(output_size: number | number[], spatial_scale: number);
  constructor(options: { output_size: number | number[]; spatial_scale: number });
  constructor(...args: any[]) {
    super();
    const [output_size, spatial_scale] = bindArgs("__init__", [["output_size"], ["spatial_scale"]], args);
    Object.assign(this, { output_size, spatial_scale });
  }
  forward(input: Tensor, rois: Tensor | Tensor[]): Tensor { return roi_pool(input, rois, this.output_size, this.spatial_scale); }
  __repr__(): string {
    const os = Array.isArray(this.output_size) ? pyStr(this.output_size) : String(this.output_size);
    return `${this._get_name()}(output_size=${os}, spatial_scale=${pyStr(this.spatial_scale)})`;
  }
}
