// torch/nn/modules/upsampling.py: Upsample, and the deprecated UpsamplingNearest2d / UpsamplingBilinear2d.
import type { Tensor } from "../tensor";
import { Module } from "./module";
import { bindArgs, pyFloat, pyStr } from "./_utils";
import { interpolate } from "./_functional/vision";
import { V } from "../version";

type Size = number | number[];
type Scale = number | number[];
interface UpsampleOptions { size?: Size | null; scale_factor?: Scale | null; mode?: string; align_corners?: boolean | null; recompute_scale_factor?: boolean | null }

/** Upsamples (N, C, W), (N, C, H, W) or (N, C, D, H, W) input by F.interpolate. */
export class Upsample extends Module {
  name!: string;
  size!: Size | null;
  scale_factor!: number | number[] | null;
  mode!: string;
  align_corners!: boolean | null;
  recompute_scale_factor!: boolean | null;
  constructor(size?: Size | null | UpsampleOptions, scale_factor?: Scale | null | UpsampleOptions, mode?: string | UpsampleOptions,
    align_corners?: boolean | null | UpsampleOptions, recompute_scale_factor?: boolean | null | UpsampleOptions);
  constructor(...args: any[]) {
    super();
    const [size, scale_factor, mode, align_corners, recompute_scale_factor] = bindArgs("__init__",
      [["size", null], ["scale_factor", null], ["mode", "nearest"], ["align_corners", null], ["recompute_scale_factor", null]], args);
    this.name = this._get_name();
    this.size = size;
    // Python keeps float(scale_factor), and None for a falsy one.
    this.scale_factor = Array.isArray(scale_factor) ? [...scale_factor] : scale_factor ? scale_factor : null;
    this.mode = mode;
    this.align_corners = align_corners;
    this.recompute_scale_factor = recompute_scale_factor;
  }
  forward(input: Tensor): Tensor {
    return interpolate(input, this.size, this.scale_factor, this.mode, this.align_corners, { recompute_scale_factor: this.recompute_scale_factor });
  }
  extra_repr(): string {
    // 2.x formats with repr() (floats with a point, the mode quoted); 1.13 with str().
    const sf = this.scale_factor;
    let info = sf !== null
      ? "scale_factor=" + (Array.isArray(sf) ? pyStr(sf, true) : pyFloat(sf))
      : "size=" + pyStr(this.size);
    info += ", mode=" + (V.vision2 ? `'${this.mode}'` : this.mode);
    return info;
  }
}

/** Deprecated: Upsample(size, scale_factor, mode='nearest'). */
export class UpsamplingNearest2d extends Upsample {
  constructor(size?: Size | null | { size?: Size | null; scale_factor?: Scale | null }, scale_factor?: Scale | null);
  constructor(...args: any[]) {
    const [size, scale_factor] = bindArgs("__init__", [["size", null], ["scale_factor", null]], args);
    super(size, scale_factor, { mode: "nearest" });
  }
}
/** Deprecated: Upsample(size, scale_factor, mode='bilinear', align_corners=True). */
export class UpsamplingBilinear2d extends Upsample {
  constructor(size?: Size | null | { size?: Size | null; scale_factor?: Scale | null }, scale_factor?: Scale | null);
  constructor(...args: any[]) {
    const [size, scale_factor] = bindArgs("__init__", [["size", null], ["scale_factor", null]], args);
    super(size, scale_factor, { mode: "bilinear", align_corners: true });
  }
}
