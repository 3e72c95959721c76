// safetensors (huggingface/safetensors, its torch API): save_file / load_file / save / load.
// Layout (CHECKPOINT-FORMAT.md §6): u64 LE header length N, N bytes of JSON padded with
// spaces to a multiple of 8, then the tensors' bytes, C-contiguous little-endian.
import { fileURLToPath } from "node:url";
import { N } from "../native";
import { Tensor } from "../tensor";
import { callOp } from "../_ops";
import { OPS } from "../_generated/ops";
import { dtype as DType } from "../dtype";
import * as dt from "../dtype";
import { atomicWrite } from "../_io";
import { bufferSource, fileSource, type Source } from "./_zip";
import { byteWindows, fillBytes } from "./_windows";
import { defineKey } from "./_pytypes";

const TO_ST: Record<string, string> = {
  bool: "BOOL", uint8: "U8", int8: "I8", int16: "I16", int32: "I32", int64: "I64",
  float16: "F16", bfloat16: "BF16", float32: "F32", float64: "F64", complex64: "C64",
};
const FROM_ST: Record<string, DType> = {
  BOOL: dt.bool, U8: dt.uint8, I8: dt.int8, I16: dt.int16, I32: dt.int32, I64: dt.int64,
  F16: dt.float16, BF16: dt.bfloat16, F32: dt.float32, F64: dt.float64, C64: dt.complex64,
};
const KNOWN_UNSUPPORTED = ["U16", "U32", "U64", "F8_E4M3", "F8_E5M2", "F8_E4M3FNUZ", "F8_E5M2FNUZ", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2"];
const MAX_HEADER = 100_000_000;
// safetensors' Dtype enum order (the Rust writer sorts by it), for the dtypes we write.
const DTYPE_ORDER = ["BOOL", "U8", "I8", "I16", "F16", "BF16", "I32", "F32", "C64", "F64", "I64"];

function stError(msg: string): Error {
  const e = new Error(`Error while deserializing header: ${msg}`);
  e.name = "SafetensorError";
  return e;
}

type TensorDict = Record<string, Tensor> | Map<string, Tensor>;

function entriesOf(tensors: TensorDict): [string, Tensor][] {
  if (tensors === null || typeof tensors !== "object" || Array.isArray(tensors))
    throw new Error(`Expected a dict of [str, torch.Tensor] but received ${tensors === null ? "None" : Array.isArray(tensors) ? "list" : typeof tensors}`);
  const entries = tensors instanceof Map ? [...tensors.entries()] : Object.entries(tensors);
  for (const [k, v] of entries) {
    if (typeof k !== "string") throw new Error(`Key ${String(k)} is invalid, expected a str`);
    if (!(v instanceof Tensor)) throw new Error(`Key \`${k}\` is invalid, expected torch.Tensor but received ${v === null ? "None" : typeof v}`);
  }
  return entries;
}

/** The serialized bytes (safetensors.torch.save). */
function serialize(tensors: TensorDict, metadata?: Record<string, string> | null): Uint8Array[] {
  const entries = entriesOf(tensors);
  // Shared memory is refused, as safetensors does: overlapping byte ranges of one storage.
  const byStorage = new Map<string, [number, number, string][]>();
  for (const [k, t] of entries) {
    const id = N.storageId(t._h);
    if (id === null || t.numel() === 0) continue;
    const key = `${t.device}:${id}`;
    const start = t.storage_offset() * t.element_size();
    let stop = start;
    if (t.numel() > 0) {
      const stride = t.stride() as number[];
      stop = start + (t.shape.reduce((a, s, i) => a + (s - 1) * stride[i], 0) + 1) * t.element_size();
    }
    if (!byStorage.has(key)) byStorage.set(key, []);
    byStorage.get(key)!.push([start, stop, k]);
  }
  const failing: string[][] = [];
  for (const areas of byStorage.values()) {
    if (areas.length < 2) continue;
    areas.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let group = [areas[0][2]], lastStop = areas[0][1];
    for (const [start, stop, name] of areas.slice(1)) {
      if (start >= lastStop) { if (group.length > 1) failing.push(group); group = [name]; } else group.push(name);
      lastStop = stop;
    }
    if (group.length > 1) failing.push(group);
  }
  if (failing.length)
    throw new Error(`Some tensors share memory, this will lead to duplicate memory on disk and potential differences when loading them again: ${JSON.stringify(failing)}. ` +
      "A potential way to correctly save your model is to use `save_model`.");
  for (const [k, t] of entries) {
    if (!t.is_contiguous())
      throw new Error(`You are trying to save a non contiguous tensor: \`${k}\` which is not allowed. It either means you are trying to save tensors which are reference of each other in which case it's recommended to save only the full tensors, and reslice at load time, or simply call \`.contiguous()\` on your tensor to pack it before saving.`);
    if (!TO_ST[t.dtype.name]) throw new Error(`safetensors: dtype ${t.dtype} is not supported`);
  }
  if (metadata !== undefined && metadata !== null) {
    if (typeof metadata !== "object") throw new TypeError("metadata must be a dict of str to str");
    for (const [k, v] of Object.entries(metadata)) if (typeof v !== "string") throw new TypeError(`metadata values must be str; ${k} is ${typeof v}`);
  }
  // The reference writer's order: dtype descending (its enum order), then name.
  const rank = (t: Tensor) => DTYPE_ORDER.indexOf(TO_ST[t.dtype.name]);
  const sorted = entries.slice().sort(([ka, a], [kb, b]) => rank(b) - rank(a) || Buffer.compare(Buffer.from(ka), Buffer.from(kb)));
  const header: Record<string, unknown> = {};
  if (metadata) header.__metadata__ = { ...metadata };
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const [k, t] of sorted) {
    if (k === "__metadata__") throw new Error("safetensors: the name __metadata__ is reserved");
    const flat = t.device.type === "cpu" ? t : t.cpu();
    const nbytes = flat.numel() * flat.element_size();
    defineKey(header, k, { dtype: TO_ST[t.dtype.name], shape: t.shape.slice(), data_offsets: [offset, offset + nbytes] });
    offset += nbytes;
    chunks.push(...byteWindows(flat, nbytes));
  }
  let json = Buffer.from(JSON.stringify(header), "utf8");
  const pad = (8 - (json.length % 8)) % 8;
  if (pad) json = Buffer.concat([json, Buffer.alloc(pad, 0x20)]);
  const n = Buffer.alloc(8);
  n.writeBigUInt64LE(BigInt(json.length));
  return [n, json, ...chunks];
}

/** safetensors.torch.save(tensors, metadata): the file's bytes. */
export function save(tensors: TensorDict, metadata?: Record<string, string> | null): Buffer {
  return Buffer.concat(serialize(tensors, metadata));
}

/** safetensors.torch.save_file(tensors, filename, metadata): written atomically. */
export function save_file(tensors: TensorDict, filename: string | URL, metadata?: Record<string, string> | null): void {
  const chunks = serialize(tensors, metadata);
  atomicWrite(filename instanceof URL ? fileURLToPath(filename) : filename, (sink) => { for (const c of chunks) sink(c); });
}

interface Header { metadata: Record<string, string> | null; tensors: { name: string; dtype: DType; shape: number[]; begin: number; end: number }[]; dataStart: number }

function readHeader(src: Source): Header {
  if (src.size < 8) throw stError("HeaderTooSmall");
  const n64 = src.read(0, 8).readBigUInt64LE(0);
  if (n64 > BigInt(MAX_HEADER)) throw stError("HeaderTooLarge");
  const n = Number(n64);
  if (8 + n > src.size) throw stError("InvalidHeaderLength");
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(src.read(8, n)));
  } catch (e) {
    throw stError(`InvalidHeaderDeserialization: ${(e as Error).message}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw stError("InvalidHeaderDeserialization: the header is not a JSON object");
  let metadata: Record<string, string> | null = null;
  const tensors: Header["tensors"] = [];
  for (const [name, info] of Object.entries(parsed as Record<string, any>)) {
    if (name === "__metadata__") {
      if (info === null) continue;
      if (typeof info !== "object" || Array.isArray(info)) throw stError("InvalidHeaderDeserialization: __metadata__ must be a map of strings");
      metadata = {};
      for (const [k, v] of Object.entries(info)) {
        if (typeof v !== "string") throw stError(`InvalidHeaderDeserialization: __metadata__ value ${k} is not a string`);
        defineKey(metadata, k, v);
      }
      continue;
    }
    if (info === null || typeof info !== "object" || Array.isArray(info)) throw stError(`InvalidHeaderDeserialization: entry ${name} is not an object`);
    const { dtype: ds, shape, data_offsets } = info;
    if (typeof ds !== "string") throw stError(`InvalidHeaderDeserialization: entry ${name} has no dtype`);
    const dtype = FROM_ST[ds];
    if (!dtype) {
      const e = KNOWN_UNSUPPORTED.includes(ds) ? new Error(`safetensors: dtype ${ds} of ${name} is not supported by torch-node`) : stError(`InvalidHeaderDeserialization: unknown dtype ${ds}`);
      throw e;
    }
    if (!Array.isArray(shape) || !shape.every((s) => Number.isSafeInteger(s) && s >= 0)) throw stError(`InvalidHeaderDeserialization: bad shape of ${name}`);
    if (!Array.isArray(data_offsets) || data_offsets.length !== 2 || !data_offsets.every((s) => Number.isSafeInteger(s) && s >= 0) || data_offsets[1] < data_offsets[0])
      throw stError(`InvalidOffset: ${name}`);
    tensors.push({ name, dtype, shape, begin: data_offsets[0], end: data_offsets[1] });
  }
  const dataLen = src.size - 8 - n;
  tensors.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  for (const t of tensors) {
    if (t.begin !== expected) throw stError(`InvalidOffset: ${t.name}`);
    let numel = 1;
    for (const s of t.shape) numel *= s;
    const nbytes = numel * t.dtype.itemsize;
    if (!Number.isSafeInteger(nbytes) || t.end - t.begin !== nbytes) throw stError(`TensorInvalidInfo: ${t.name}`);
    expected = t.end;
  }
  if (expected !== dataLen) throw stError("MetadataIncompleteBuffer");
  return { metadata, tensors, dataStart: 8 + n };
}

function deserialize(src: Source, device: string | number = "cpu"): Record<string, Tensor> {
  const h = readHeader(src);
  const out: Record<string, Tensor> = {};
  const dev = typeof device === "number" ? `cuda:${device}` : String(device);
  for (const t of h.tensors) {
    let tensor = callOp(OPS, "empty", undefined, [t.shape, { dtype: t.dtype }]) as Tensor;
    if (tensor.numel() * t.dtype.itemsize !== t.end - t.begin) throw stError(`TensorInvalidInfo: ${t.name}`);
    fillBytes(tensor, t.end - t.begin, (bytes, offset) => {
      src.readInto(h.dataStart + t.begin + offset, bytes);
      if (t.dtype === dt.bool) for (let i = 0; i < bytes.length; i++) if (bytes[i] > 1) bytes[i] = 1;
    });
    if (dev !== "cpu") tensor = tensor.to(dev);
    defineKey(out, t.name, tensor);
  }
  return out;
}

/** safetensors.torch.load_file(filename, device = "cpu"). */
export function load_file(filename: string | URL, device: string | number | { device?: string | number } = "cpu"): Record<string, Tensor> {
  const d = typeof device === "object" && device !== null ? device.device ?? "cpu" : device;
  const src = fileSource(filename instanceof URL ? fileURLToPath(filename) : filename);
  try { return deserialize(src, d); } finally { src.close(); }
}

/** safetensors.torch.load(data): tensors from the file's bytes. */
export function load(data: Uint8Array): Record<string, Tensor> {
  return deserialize(bufferSource(data));
}

/** The `__metadata__` of a file (safe_open(...).metadata()). */
export function metadata(filename: string | URL | Uint8Array): Record<string, string> | null {
  const src = filename instanceof Uint8Array ? bufferSource(filename) : fileSource(filename instanceof URL ? fileURLToPath(filename) : filename);
  try { return readHeader(src).metadata; } finally { src.close(); }
}
