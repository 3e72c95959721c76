// torch.nn.parallel.DistributedDataParallel, ported from torch/nn/parallel/distributed.py:
// module states broadcast from rank 0 at construction, then libtorch's c10d Reducer (the
// C++ object Python's DDP drives) hooks each parameter's gradient accumulator and
// all-reduces the gradients in buckets while backward runs, averaging over the group.
import { Module } from "../module";
import { Tensor } from "../../tensor";
import { N } from "../../native";
import { handles } from "../../_ops";
import { _C, _native_group, get_world_size, type ProcessGroup } from "../../distributed/distributed_c10d";

const MB = 1024 * 1024;
const DEFAULT_BUCKET_CAP_MB = 25;
const DEFAULT_FIRST_BUCKET_BYTES = 1 * MB;   // dist._DEFAULT_FIRST_BUCKET_BYTES
const BROADCAST_BUCKET_SIZE = 250 * MB;      // self.broadcast_bucket_size
// sys.maxsize for "one bucket" (the first iteration, before buckets are rebuilt in the
// order backward produced the gradients); any cap above the model's size does the same.
const ONE_BUCKET = Number.MAX_SAFE_INTEGER;

export interface DDPOptions {
  device_ids?: number[] | null; output_device?: number | null; dim?: number; broadcast_buffers?: boolean; init_sync?: boolean;
  process_group?: ProcessGroup | null; bucket_cap_mb?: number | null; find_unused_parameters?: boolean; check_reduction?: boolean;
  gradient_as_bucket_view?: boolean; static_graph?: boolean;
}

// _find_tensors: every tensor in the output (arrays, plain objects, Maps).
function findTensors(x: unknown, out: Tensor[] = []): Tensor[] {
  if (x instanceof Tensor) out.push(x);
  else if (Array.isArray(x)) for (const v of x) findTensors(v, out);
  else if (x instanceof Map) for (const v of x.values()) findTensors(v, out);
  else if (x !== null && typeof x === "object") for (const v of Object.values(x)) findTensors(v, out);
  return out;
}

export class DistributedDataParallel extends Module {
  module: Module;
  declare readonly device_ids: number[] | null;
  declare readonly broadcast_buffers: boolean;
  declare readonly find_unused_parameters: boolean;
  declare readonly gradient_as_bucket_view: boolean;
  declare readonly bucket_bytes_cap: number;
  declare readonly process_group: ProcessGroup | null;
  declare require_backward_grad_sync: boolean;
  declare require_forward_param_sync: boolean;
  declare private _reducer: object;
  declare private _pg: object;

  constructor(module: Module, device_ids?: number[] | null | DDPOptions, opts: DDPOptions = {}) {
    super();
    if (device_ids !== null && typeof device_ids === "object" && !Array.isArray(device_ids)) opts = { ...device_ids, ...opts };
    else if (device_ids !== undefined) opts = { ...opts, device_ids };
    this.module = module;
    const params = module.parameters().filter((p) => p.requires_grad);
    if (params.length === 0)
      throw new Error("DistributedDataParallel is not needed when a module doesn't have any parameter that requires a gradient.");
    const hidden = (k: string, v: unknown) => Object.defineProperty(this, k, { value: v, writable: true, enumerable: false, configurable: true });
    hidden("device_ids", opts.device_ids ?? null);
    hidden("broadcast_buffers", opts.broadcast_buffers ?? true);
    hidden("find_unused_parameters", opts.find_unused_parameters ?? false);
    hidden("gradient_as_bucket_view", opts.gradient_as_bucket_view ?? false);
    hidden("bucket_bytes_cap", Math.trunc((opts.bucket_cap_mb ?? DEFAULT_BUCKET_CAP_MB) * MB));
    hidden("process_group", opts.process_group ?? null);
    hidden("require_backward_grad_sync", true);
    hidden("require_forward_param_sync", true);
    const pg = _native_group(opts.process_group);
    hidden("_pg", pg);
    // _sync_module_states: rank 0's parameters and buffers everywhere.
    if (opts.init_sync ?? true) {
      const states = [...module.parameters().map((p) => p.detach()), ...module.buffers()];
      if (states.length) _C.broadcastCoalesced(pg, handles(states), BROADCAST_BUCKET_SIZE, 0);
    }
    const limits = opts.static_graph || !this.find_unused_parameters ? [ONE_BUCKET] : [DEFAULT_FIRST_BUCKET_BYTES, this.bucket_bytes_cap];
    const sparse = params.map(() => false);
    const [buckets, perBucket] = _C.bucketAssignment(handles(params), limits, sparse);
    const names = new Map(module.named_parameters().map(([n, p]) => [p as Tensor, n]));
    hidden("_reducer", _C.newReducer(handles(params), [...buckets].reverse(), [...perBucket].reverse(), pg, sparse, this.bucket_bytes_cap,
      this.find_unused_parameters, this.gradient_as_bucket_view, params.map((p) => names.get(p) ?? ""), DEFAULT_FIRST_BUCKET_BYTES));
  }

  forward(...inputs: any[]): any {
    const grad = N.is_grad_enabled();
    if (grad && this.require_backward_grad_sync) _C.reducerPrepareForward(this._reducer);
    if (grad) _C.reducerRebuildBuckets(this._reducer);
    // _sync_buffers: rank 0's buffers (batch norm statistics) before each forward.
    if (this.require_forward_param_sync && this.broadcast_buffers && get_world_size(this.process_group) > 1) {
      const bufs = this.module.buffers();
      if (bufs.length) _C.broadcastCoalesced(this._pg, handles(bufs), BROADCAST_BUCKET_SIZE, 0);
    }
    const output = this.module(...inputs);
    if (grad && this.require_backward_grad_sync) {
      this.require_forward_param_sync = true;
      _C.reducerPrepareBackward(this._reducer, handles(this.find_unused_parameters ? findTensors(output) : []));
    } else {
      this.require_forward_param_sync = false;
    }
    return output;
  }

  /** no_sync(fn): gradients accumulate locally inside fn; the next synced backward all-reduces them. */
  no_sync<T>(fn: () => T): T {
    const old = this.require_backward_grad_sync;
    this.require_backward_grad_sync = false;
    try { return fn(); } finally { this.require_backward_grad_sync = old; }
  }
}
