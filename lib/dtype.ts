// torch.dtype and torch.memory_format (torch.device is in device.ts).
import { inspect } from "node:util";
import { V } from "./version";

export class dtype {
  constructor(
    /** PyTorch's name: "float32", "int64", ... */
    readonly name: string,
    /** c10::ScalarType */
    readonly code: number,
    readonly itemsize: number,
    readonly is_floating_point: boolean,
    readonly is_complex = false,
    readonly is_signed = true,
  ) {}
  toString() { return `torch.${this.name}`; }
  [inspect.custom]() { return this.toString(); }
}

export const uint8 = new dtype("uint8", 0, 1, false, false, false);
export const int8 = new dtype("int8", 1, 1, false);
export const int16 = new dtype("int16", 2, 2, false);
export const int32 = new dtype("int32", 3, 4, false);
export const int64 = new dtype("int64", 4, 8, false);
export const float16 = new dtype("float16", 5, 2, true);
export const float32 = new dtype("float32", 6, 4, true);
export const float64 = new dtype("float64", 7, 8, true);
export const complex64 = new dtype("complex64", 9, 8, false, true);
export const complex128 = new dtype("complex128", 10, 16, false, true);
export const bool = new dtype("bool", 11, 1, false, false, false);
export const bfloat16 = new dtype("bfloat16", 15, 2, true);

// PyTorch 2.x's dtypes. The objects always exist (c10::ScalarType codes of 2.x), but only
// those the linked libtorch has are dtypes of it: torch.<name> and DTYPES list those alone.
export const float8_e5m2 = new dtype("float8_e5m2", 23, 1, true);
export const float8_e4m3fn = new dtype("float8_e4m3fn", 24, 1, true);
export const float8_e5m2fnuz = new dtype("float8_e5m2fnuz", 25, 1, true);
export const float8_e4m3fnuz = new dtype("float8_e4m3fnuz", 26, 1, true);
export const uint16 = new dtype("uint16", 27, 2, false, false, false);
export const uint32 = new dtype("uint32", 28, 4, false, false, false);
export const uint64 = new dtype("uint64", 29, 8, false, false, false);
export const float8_e8m0fnu = new dtype("float8_e8m0fnu", 44, 1, true, false, false);

/** The 2.x dtypes the linked libtorch has, by name (torch.uint16, ...). */
export const dtypes2: Partial<Record<
  "float8_e5m2" | "float8_e4m3fn" | "float8_e5m2fnuz" | "float8_e4m3fnuz" | "uint16" | "uint32" | "uint64" | "float8_e8m0fnu",
  dtype>> = {
  ...(V.dtype_float8 ? { float8_e5m2, float8_e4m3fn } : {}),
  ...(V.dtype_float8_fnuz ? { float8_e5m2fnuz, float8_e4m3fnuz } : {}),
  ...(V.dtype_uint16_32_64 ? { uint16, uint32, uint64 } : {}),
  ...(V.dtype_float8_e8m0fnu ? { float8_e8m0fnu } : {}),
};

/** The float8 dtypes: printed, listed and converted to numbers through float32. */
export const FLOAT8 = new Set<dtype>([float8_e5m2, float8_e4m3fn, float8_e5m2fnuz, float8_e4m3fnuz, float8_e8m0fnu]);

export const DTYPES: Record<number, dtype> = {};
for (const d of [uint8, int8, int16, int32, int64, float16, float32, float64, complex64, complex128, bool, bfloat16,
  ...Object.values(dtypes2)]) DTYPES[d.code] = d;

/** Python's aliases: torch.float, torch.long, ... */
export const dtypeAliases = {
  float: float32, double: float64, half: float16, long: int64, int: int32, short: int16,
  cfloat: complex64, cdouble: complex128,
};

export function dtypeFromCode(code: number): dtype {
  const d = DTYPES[code];
  if (!d) throw new TypeError(`unsupported dtype code ${code}`);
  return d;
}

export { device, toDevice, type DeviceLike } from "./device";

export class memory_format {
  constructor(readonly name: string, readonly code: number) {}
  toString() { return `torch.${this.name}`; }
  [inspect.custom]() { return this.toString(); }
}
export const contiguous_format = new memory_format("contiguous_format", 0);
export const preserve_format = new memory_format("preserve_format", 1);
export const channels_last = new memory_format("channels_last", 2);
