// torch.utils.data._utils.collate: default_collate and default_convert.
// Python values map as: tensors are stacked; numbers become a tensor (int64 when every
// number is an integer, else float64, as Python's int/float); booleans a bool tensor;
// strings stay a list; arrays (tuples/lists) are transposed and collated per position;
// plain objects (dicts) and Maps are collated per key; typed arrays are numpy arrays.
import { Tensor } from "../../../tensor";
import { torch } from "../../../torch";
import { float64, int64, bool } from "../../../dtype";

const ERR = "default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found ";

function typeName(v: unknown): string {
  if (v === null || v === undefined) return "<class 'NoneType'>";
  if (typeof v === "function") return "<class 'function'>";
  return `<class '${(v as any)?.constructor?.name ?? typeof v}'>`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object") return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

export function default_collate(batch: any[]): any {
  const elem = batch[0];
  if (elem instanceof Tensor) return torch.stack(batch, 0);
  if (ArrayBuffer.isView(elem) && !(elem instanceof DataView)) return default_collate(batch.map((b) => torch.as_tensor(b)));
  if (typeof elem === "number") {
    const allInt = batch.every((x) => Number.isInteger(x));
    return torch.tensor(batch, { dtype: allInt ? int64 : float64 });
  }
  if (typeof elem === "bigint") return torch.tensor(BigInt64Array.from(batch));
  if (typeof elem === "boolean") return torch.tensor(batch, { dtype: bool });
  if (typeof elem === "string") return batch;
  if (elem instanceof Map) {
    const out = new Map();
    for (const k of elem.keys()) out.set(k, default_collate(batch.map((d) => d.get(k))));
    return out;
  }
  if (Array.isArray(elem)) {
    // Transposed in one pass over the batch (each item is read once).
    const size = elem.length, n = batch.length;
    const cols: unknown[][] = [];
    for (let i = 0; i < size; i++) cols.push(new Array(n));
    for (let k = 0; k < n; k++) {
      const e = batch[k];
      if (!Array.isArray(e) || e.length !== size) throw new Error("each element in list of batch should be of equal size");
      for (let i = 0; i < size; i++) cols[i][k] = e[i];
    }
    const out = new Array(size);
    for (let i = 0; i < size; i++) out[i] = default_collate(cols[i]);
    return out;
  }
  if (isPlainObject(elem)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(elem)) out[k] = default_collate(batch.map((d) => d[k]));
    return out;
  }
  throw new TypeError(ERR + typeName(elem));
}

/** Used when automatic batching is off (batch_size null): converts typed arrays to tensors, leaves the rest. */
export function default_convert(data: any): any {
  if (data instanceof Tensor) return data;
  if (ArrayBuffer.isView(data) && !(data instanceof DataView)) return torch.as_tensor(data as any);
  if (data instanceof Map) return new Map([...data].map(([k, v]) => [k, default_convert(v)]));
  if (Array.isArray(data)) return data.map(default_convert);
  if (isPlainObject(data)) return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, default_convert(v)]));
  return data;
}
