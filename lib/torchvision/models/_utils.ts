// torchvision/models/_utils.py: _make_divisible; and the init MobileNetV2 and V3 share.
import type { Module } from "../../nn/module";
import { Conv2d } from "../../nn/conv";
import { BatchNorm2d } from "../../nn/batchnorm";
import { GroupNorm } from "../../nn/normalization";
import { Linear } from "../../nn/linear";
import * as init from "../../nn/init";

/** The nearest multiple of `divisor` (at least min_value), not going down by more than 10%. */
export function _make_divisible(v: number, divisor: number, min_value: number | null = null): number {
  const mv = min_value ?? divisor;
  let new_v = Math.max(mv, Math.trunc(v + divisor / 2) - (Math.trunc(v + divisor / 2) % divisor));
  if (new_v < 0.9 * v) new_v += divisor;
  return new_v;
}

/** MobileNetV2's and V3's init: kaiming-normal (fan_out) convolutions, unit norms, N(0, 0.01) linears. */
export function _init_mobilenet(model: Module): void {
  for (const m of model.modules()) {
    if (m instanceof Conv2d) {
      init.kaiming_normal_(m.weight, { mode: "fan_out" });
      if (m.bias !== null) init.zeros_(m.bias);
    } else if (m instanceof BatchNorm2d || m instanceof GroupNorm) { init.ones_((m as any).weight); init.zeros_((m as any).bias); }
    else if (m instanceof Linear) { init.normal_(m.weight, 0, 0.01); init.zeros_(m.bias!); }
  }
}
