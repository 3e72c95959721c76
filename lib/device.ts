// torch.device.
import { inspect } from "node:util";

export class device {
  readonly type: string;
  readonly index: number | null;
  constructor(type: string | device, index?: number | null) {
    if (type instanceof device) { this.type = type.type; this.index = type.index; return; }
    if (typeof type !== "string") throw new TypeError(`device() received an invalid combination of arguments - got (${typeof type})`);
    const m = type.match(/^([a-z]+)(?::(\d+))?$/);
    if (!m) throw new Error(`Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, ort, xla, lazy, vulkan, mps, meta, hpu, privateuseone device type at start of device string: ${type}`);
    if (m[2] !== undefined && index !== undefined && index !== null)
      throw new Error(`type (string) must not include an index because index was passed explicitly: ${type}`);
    if (!["cpu", "cuda", "mps", "meta", "xla", "hip", "xpu", "vulkan", "lazy", "hpu", "ipu", "mkldnn", "opengl", "opencl", "ideep", "ve", "fpga", "ort", "privateuseone"].includes(m[1]))
      throw new Error(`Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, ort, xla, lazy, vulkan, mps, meta, hpu, privateuseone device type at start of device string: ${type}`);
    this.type = m[1];
    const idx = m[2] !== undefined ? Number(m[2]) : index ?? null;
    if (idx !== null && (!Number.isInteger(idx) || idx < 0)) throw new Error(`Device index must not be negative`);
    this.index = idx;
  }
  toString() { return this.index === null ? this.type : `${this.type}:${this.index}`; }
  [inspect.custom]() { return this.index === null ? `device(type='${this.type}')` : `device(type='${this.type}', index=${this.index})`; }
  equals(other: DeviceLike) { return String(this) === String(toDevice(other)); }
}
export type DeviceLike = device | string;
export function toDevice(d: DeviceLike | number): device {
  if (typeof d === "number") return new device("cuda", d);
  return d instanceof device ? d : new device(d);
}

