// torch.distributed over libtorch's c10d (native/distributed.cpp), ported from Python's
// torch/distributed/distributed_c10d.py and rendezvous.py. The store keys, prefixes and
// init barriers are Python's for the linked version, so a Node rank and a Python rank of
// the same torch join one process group.
import { N } from "../native";
import { Tensor } from "../tensor";
import { torch } from "../torch";
import { handles } from "../_ops";
import { int64, uint8 } from "../dtype";
import { save, load } from "../serialization";
import { since } from "../version";

type Ext = object;
interface DistNative {
  tcpStore(host: string, port: number, world_size: number | null, is_master: boolean, timeout_ms: number, wait_for_workers: boolean, multi_tenant: boolean): Ext;
  fileStore(path: string, world_size: number): Ext;
  prefixStore(prefix: string, store: Ext): Ext;
  storeSet(s: Ext, key: string, value: string | Uint8Array): void;
  storeGet(s: Ext, key: string): Buffer;
  storeAdd(s: Ext, key: string, amount: number): number;
  storeWait(s: Ext, keys: string[], timeout_ms: number | null): void;
  storeCheck(s: Ext, keys: string[]): boolean;
  storeDeleteKey(s: Ext, key: string): boolean;
  storeNumKeys(s: Ext): number;
  storeSetTimeout(s: Ext, ms: number): void;
  storeTimeout(s: Ext): number;
  newGloo(store: Ext, rank: number, size: number, timeout_ms: number, backend_store: Ext): Ext;
  setSequenceNumber(pg: Ext): void;
  broadcast(pg: Ext, ts: Int32Array, root: number): Ext;
  allreduce(pg: Ext, ts: Int32Array, op: number): Ext;
  reduce(pg: Ext, ts: Int32Array, root: number, op: number): Ext;
  allgather(pg: Ext, outs: Int32Array, input: number): Ext;
  allgatherBase(pg: Ext, out: number, input: number): Ext;
  reduceScatter(pg: Ext, out: number, ins: Int32Array, op: number): Ext;
  reduceScatterBase(pg: Ext, out: number, input: number, op: number): Ext;
  gather(pg: Ext, outs: Int32Array, input: number, root: number): Ext;
  scatter(pg: Ext, out: number, ins: Int32Array, root: number): Ext;
  send(pg: Ext, t: number, dst: number, tag: number): Ext;
  recv(pg: Ext, t: number, src: number, tag: number): Ext;
  barrier(pg: Ext): Ext;
  broadcastCoalesced(pg: Ext, ts: Int32Array, buffer_size: number, root: number): void;
  workWait(w: Ext, timeout_ms: number | null): boolean;
  workIsCompleted(w: Ext): boolean;
  workSourceRank(w: Ext): number;
  workPromise(w: Ext): Promise<void>;
  bucketAssignment(params: Int32Array, limits: number[], expect_sparse: boolean[]): [number[][], number[]];
  newReducer(params: Int32Array, buckets: number[][], limits: number[], pg: Ext, expect_sparse: boolean[], bucket_cap: number,
    find_unused: boolean, gradient_as_bucket_view: boolean, names: string[], first_bucket_cap: number): Ext;
  reducerPrepareForward(r: Ext): void;
  reducerPrepareBackward(r: Ext, outputs: Int32Array): void;
  reducerRebuildBuckets(r: Ext): boolean;
}
/** @internal */
export const _C = (N as unknown as { c10d: DistNative }).c10d;

function pyErr(name: string, msg: string): Error {
  const e = new Error(msg);
  e.name = name;
  return e;
}

// ---- timeouts (Python's datetime.timedelta) ---------------------------------------------

/** A timedelta: seconds, or its keyword form `{ minutes: 1 }`. */
export type Timedelta = number | { days?: number; hours?: number; minutes?: number; seconds?: number; milliseconds?: number };
export function timedelta(t: Timedelta): number {
  if (typeof t === "number") return t * 1000;
  return ((((t.days ?? 0) * 24 + (t.hours ?? 0)) * 60 + (t.minutes ?? 0)) * 60 + (t.seconds ?? 0)) * 1000 + (t.milliseconds ?? 0);
}
/** torch.distributed.constants.default_pg_timeout: 30 minutes. */
export const default_pg_timeout: Timedelta = { minutes: 30 };

// ---- ReduceOp ------------------------------------------------------------------------

export class RedOpType {
  constructor(readonly name: string, readonly value: number) {}
  toString(): string { return `RedOpType.${this.name}`; }
  [Symbol.for("nodejs.util.inspect.custom")](): string { return `<RedOpType.${this.name}: ${this.value}>`; }
}
/** dist.ReduceOp.SUM etc., c10d's RedOpType values. */
export const ReduceOp = {
  SUM: new RedOpType("SUM", 0), AVG: new RedOpType("AVG", 1), PRODUCT: new RedOpType("PRODUCT", 2),
  MIN: new RedOpType("MIN", 3), MAX: new RedOpType("MAX", 4), BAND: new RedOpType("BAND", 5),
  BOR: new RedOpType("BOR", 6), BXOR: new RedOpType("BXOR", 7),
} as const;
function opValue(op: RedOpType | undefined | null): number { return (op ?? ReduceOp.SUM).value; }

// ---- stores --------------------------------------------------------------------------

/** c10d's key-value store: set/get/add/wait, as Python's dist.Store. */
export class Store {
  /** @internal */ constructor(readonly _s: Ext) {}
  set(key: string, value: string | Uint8Array): void { _C.storeSet(this._s, key, value); }
  get(key: string): Buffer { return _C.storeGet(this._s, key); }
  add(key: string, amount: number): number { return _C.storeAdd(this._s, key, amount); }
  wait(keys: string[], timeout?: Timedelta | null): void { _C.storeWait(this._s, keys, timeout == null ? null : timedelta(timeout)); }
  check(keys: string[]): boolean { return _C.storeCheck(this._s, keys); }
  delete_key(key: string): boolean { return _C.storeDeleteKey(this._s, key); }
  num_keys(): number { return _C.storeNumKeys(this._s); }
  set_timeout(timeout: Timedelta): void { _C.storeSetTimeout(this._s, timedelta(timeout)); }
  /** The timeout in seconds. */
  get timeout(): number { return _C.storeTimeout(this._s) / 1000; }
}

export interface TCPStoreOptions {
  host_name?: string; port?: number; world_size?: number | null; is_master?: boolean; timeout?: Timedelta;
  wait_for_workers?: boolean; multi_tenant?: boolean;
}
/** TCPStore(host_name, port, world_size=None, is_master=False, timeout=300 s, wait_for_workers=True, multi_tenant=False) */
export class TCPStore extends Store {
  readonly host: string;
  readonly port: number;
  constructor(host_name: string | TCPStoreOptions, port?: number | TCPStoreOptions, world_size: number | null | TCPStoreOptions = null,
    is_master: boolean | TCPStoreOptions = false, timeout: Timedelta | TCPStoreOptions = 300, opts: TCPStoreOptions = {}) {
    const a = [host_name, port, world_size, is_master, timeout];
    const i = a.findIndex((x) => typeof x === "object" && x !== null && !("seconds" in x || "minutes" in x || "hours" in x || "days" in x || "milliseconds" in x));
    const kw: TCPStoreOptions = i >= 0 ? { ...(a[i] as TCPStoreOptions), ...opts } : opts;
    const pos = i >= 0 ? a.slice(0, i) : a;
    const host = (pos[0] as string | undefined) ?? kw.host_name;
    const p = (pos[1] as number | undefined) ?? kw.port;
    if (host === undefined || p === undefined) throw new TypeError("TCPStore() missing required arguments: 'host_name' and 'port'");
    const ws = (pos[2] as number | null | undefined) ?? kw.world_size ?? null;
    const master = (pos[3] as boolean | undefined) ?? kw.is_master ?? false;
    const to = (pos[4] as Timedelta | undefined) ?? kw.timeout ?? 300;
    super(_C.tcpStore(host, p, ws, master, timedelta(to), kw.wait_for_workers ?? true, kw.multi_tenant ?? false));
    this.host = host;
    this.port = p;
  }
}
/** FileStore(file_name, world_size=-1) */
export class FileStore extends Store {
  constructor(readonly path: string, world_size = -1) { super(_C.fileStore(path, world_size)); }
}
/** PrefixStore(prefix, store): every key under `prefix/`. */
export class PrefixStore extends Store {
  constructor(readonly prefix: string, readonly underlying_store: Store) { super(_C.prefixStore(prefix, underlying_store._s)); }
}

// ---- process groups and work ----------------------------------------------------------

/** A c10d process group (Gloo). */
export class ProcessGroup {
  /** @internal */
  constructor(readonly _pg: Ext, private readonly _rank: number, private readonly _size: number, readonly group_name: string) {}
  rank(): number { return this._rank; }
  size(): number { return this._size; }
  name(): string { return "gloo"; }
  toString(): string { return `<torch.distributed.ProcessGroup object (gloo, rank ${this._rank} of ${this._size})>`; }
}

/** A future over a Work: wait() blocks, and it is awaitable (the wait runs off the event loop). */
export class Future<T> implements PromiseLike<T> {
  private p: Promise<T> | null = null;
  constructor(private readonly w: Work, private readonly value_: () => T) {}
  wait(): T { this.w.wait(); return this.value_(); }
  done(): boolean { return this.w.is_completed(); }
  value(): T { return this.value_(); }
  then<A = T, B = never>(ok?: ((v: T) => A | PromiseLike<A>) | null, err?: ((e: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    this.p ??= _C.workPromise(this.w._w).then(() => this.value_());
    return this.p.then(ok, err);
  }
}

/** An async_op handle: wait() (synchronous, as Python's), is_completed(), get_future(). */
export class Work {
  /** @internal */ constructor(readonly _w: Ext, private readonly out: Tensor[] = [], private readonly after?: () => void) {}
  private finished = false;
  wait(timeout?: Timedelta | null): boolean {
    const ok = _C.workWait(this._w, timeout == null ? null : timedelta(timeout));
    this.finish();
    return ok;
  }
  is_completed(): boolean { return _C.workIsCompleted(this._w); }
  is_success(): boolean { return this.is_completed(); }
  source_rank(): number { return _C.workSourceRank(this._w); }
  result(): Tensor[] { return this.out; }
  get_future(): Future<Tensor[]> { return new Future(this, () => { this.finish(); return this.out; }); }
  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.after?.();
  }
}

interface World {
  pg: ProcessGroup | null;
  store: Store | null;           // the "default_pg" store
  backend: string | null;
  init_method: string | null;
  group_count: number;
  ranks: Map<ProcessGroup, number[]>;   // group rank -> global rank
  timeout_ms: number;
}
const world: World = { pg: null, store: null, backend: null, init_method: null, group_count: 0, ranks: new Map(), timeout_ms: 0 };

/** group.WORLD / GroupMember. */
export const GroupMember = {
  get WORLD(): ProcessGroup | null { return world.pg; },
  NON_GROUP_MEMBER: Symbol("NON_GROUP_MEMBER"),
};
export const group = GroupMember;
export type Group = ProcessGroup | null | undefined;

export const Backend = { GLOO: "gloo", NCCL: "nccl", MPI: "mpi", UCC: "ucc", UNDEFINED: "undefined" } as const;

export function is_available(): boolean { return true; }
export function is_gloo_available(): boolean { return true; }
export function is_nccl_available(): boolean { return false; }
export function is_mpi_available(): boolean { return false; }
export function is_ucc_available(): boolean { return false; }
export function is_initialized(): boolean { return world.pg !== null; }
export function is_torchelastic_launched(): boolean { return process.env.TORCHELASTIC_RUN_ID !== undefined; }

function defaultGroup(): ProcessGroup {
  if (world.pg === null) throw pyErr("ValueError", "Default process group has not been initialized, please make sure to call init_process_group.");
  return world.pg;
}
function groupOf(g: Group): ProcessGroup { return g ?? defaultGroup(); }
function globalRank(): number { return defaultGroup().rank(); }
/** The group rank of a global rank. */
export function get_group_rank(g: ProcessGroup, global_rank: number): number {
  if (g === world.pg) return global_rank;
  const r = world.ranks.get(g)!.indexOf(global_rank);
  if (r < 0) throw pyErr("ValueError", `Global rank ${global_rank} is not part of group ${g}`);
  return r;
}
export function get_global_rank(g: ProcessGroup, group_rank: number): number {
  if (g === world.pg) return group_rank;
  const r = world.ranks.get(g)![group_rank];
  if (r === undefined) throw pyErr("ValueError", `Group rank ${group_rank} is not part of group ${g}`);
  return r;
}
export function get_process_group_ranks(g: Group): number[] {
  const pg = groupOf(g);
  return pg === world.pg ? Array.from({ length: pg.size() }, (_, i) => i) : [...world.ranks.get(pg)!];
}

export function get_rank(g: Group = null): number {
  if ((g as unknown) === GroupMember.NON_GROUP_MEMBER) return -1;
  if (world.pg === null) throw pyErr("ValueError", "Default process group has not been initialized, please make sure to call init_process_group.");
  return groupOf(g).rank();
}
export function get_world_size(g: Group = null): number {
  if ((g as unknown) === GroupMember.NON_GROUP_MEMBER) return -1;
  return groupOf(g).size();
}
export function get_backend(g: Group = null): string {
  groupOf(g);
  return world.backend!;
}

// ---- rendezvous (torch/distributed/rendezvous.py) ---------------------------------------------

function rendezvousError(msg: string): Error { return pyErr("ValueError", `Error initializing torch.distributed using ${msg}`); }

function queryOf(url: URL): Record<string, string> {
  const q: Record<string, string> = {};
  url.searchParams.forEach((v, k) => { q[k] = v; });
  return q;
}

// _create_c10d_store: rank 0 serves, the others connect; the store waits for every worker.
function c10dStore(host: string, port: number, rank: number, world_size: number, timeout_ms: number): Store {
  if (!(port >= 0 && port < 65536)) throw pyErr("ValueError", `port must have value from 0 to 65535 but was ${port}.`);
  return new TCPStore(host, port, world_size, rank === 0, timeout_ms / 1000, { multi_tenant: true });
}

/** rendezvous(url, rank, world_size): env://, tcp://host:port, file:///path. */
export function rendezvous(url: string, rank = -1, world_size = -1, timeout_ms = timedelta(default_pg_timeout)): [Store, number, number] {
  const scheme = url.split(":")[0];
  if (scheme === "env") {
    const u = new URL(url.replace(/^env:\/\//, "env://h/"));
    const q = queryOf(u);
    const env = (name: string) => {
      const v = process.env[name];
      if (v === undefined) throw rendezvousError(`env:// rendezvous: environment variable ${name} expected, but not set`);
      return v;
    };
    if (rank === -1) rank = Number(q.rank ?? env("RANK"));
    if (world_size === -1) world_size = Number(q.world_size ?? env("WORLD_SIZE"));
    const addr = env("MASTER_ADDR");
    const port = Number(env("MASTER_PORT"));
    return [c10dStore(addr, port, rank, world_size, timeout_ms), rank, world_size];
  }
  if (scheme === "tcp") {
    const u = new URL(url);
    const q = queryOf(u);
    if (rank === -1 && q.rank === undefined) throw rendezvousError("tcp:// rendezvous: rank parameter missing");
    if (world_size === -1 && q.world_size === undefined) throw rendezvousError("tcp:// rendezvous: world size parameter missing");
    if (rank === -1) rank = Number(q.rank);
    if (world_size === -1) world_size = Number(q.world_size);
    if (!u.port) throw rendezvousError("tcp:// rendezvous: port number missing");
    return [c10dStore(u.hostname.replace(/^\[|\]$/g, ""), Number(u.port), rank, world_size, timeout_ms), rank, world_size];
  }
  if (scheme === "file") {
    const u = new URL(url);
    const q = queryOf(u);
    if (rank === -1 && q.rank !== undefined) rank = Number(q.rank);
    if (world_size === -1 && q.world_size !== undefined) world_size = Number(q.world_size);
    if (world_size === -1) throw rendezvousError("file:// rendezvous: world size parameter missing");
    const path = decodeURIComponent(u.pathname);
    if (!path) throw rendezvousError("file:// rendezvous: path missing");
    const store = new FileStore(path, world_size);
    return [store, rank, world_size];
  }
  throw pyErr("RuntimeError", `No rendezvous handler for ${scheme}://`);
}

// ---- init -------------------------------------------------------------------------------

export interface InitOptions {
  backend?: string | null; init_method?: string | null; timeout?: Timedelta | null; world_size?: number; rank?: number;
  store?: Store | null; group_name?: string; pg_options?: unknown; device_id?: unknown;
}

// Python's _store_based_barrier (1.13 always; 2.x only with TORCH_DIST_INIT_BARRIER=1).
function storeBarrier(store: Store, key: string, world_size: number, timeout_ms: number): void {
  store.add(key, 1);
  const start = Date.now();
  let count = store.add(key, 0);
  const sab = new Int32Array(new SharedArrayBuffer(4));
  while (count !== world_size) {
    Atomics.wait(sab, 0, 0, 10);
    count = store.add(key, 0);
    if (Date.now() - start > timeout_ms)
      throw pyErr("RuntimeError", `Timed out initializing process group in store based barrier on rank: ${globalRank()}, for key: ${key} (world_size=${world_size}, worker_count=${count}, timeout=${timeout_ms / 1000}s)`);
  }
}

function groupName(): string { return String(world.group_count++); }

function newGroupHelper(store: Store, name: string, rank: number, size: number, timeout_ms: number): ProcessGroup {
  let pgStore: Store, backendStore: Store;
  if (since(2)) {
    pgStore = new PrefixStore(`${name}/`, store);
    backendStore = new PrefixStore("cpu/", pgStore);
  } else {
    pgStore = backendStore = new PrefixStore(name, store);
  }
  return new ProcessGroup(_C.newGloo(pgStore._s, rank, size, timeout_ms, backendStore._s), rank, size, name);
}

function checkBackend(backend: string | null | undefined): string {
  const b = (backend ?? "gloo").toLowerCase();
  if (b === "gloo" || b === "cpu:gloo" || b === "cpu:gloo,cuda:gloo") return "gloo";
  if (b === "nccl" || b.includes("nccl"))
    throw pyErr("RuntimeError", "Distributed package doesn't have NCCL built in");
  if (b === "mpi") throw pyErr("RuntimeError", "Distributed package doesn't have MPI built in. MPI is only included if you build PyTorch from source on a host that has MPI installed.");
  throw pyErr("ValueError", `Invalid backend: '${backend}'`);
}

/**
 * init_process_group(backend=None, init_method=None, timeout=None, world_size=-1, rank=-1, store=None, ...)
 * env:// by default (RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT).
 */
export function init_process_group(backend?: string | null | InitOptions, init_method?: string | null | InitOptions,
  timeout?: Timedelta | null | InitOptions, world_size?: number | InitOptions, rank?: number | InitOptions, opts: InitOptions = {}): void {
  const a: unknown[] = [backend, init_method, timeout, world_size, rank];
  const names = ["backend", "init_method", "timeout", "world_size", "rank"] as const;
  let kw: InitOptions = { ...opts };
  const o: InitOptions = {};
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (v !== null && typeof v === "object" && !(i === 2 && !isOptionsLike(v))) { kw = { ...(v as InitOptions), ...kw }; break; }
    if (v !== undefined) (o as any)[names[i]] = v;
  }
  const args = { ...kw, ...o };
  if (world.pg !== null) throw pyErr("ValueError", "trying to initialize the default process group twice!");
  const be = checkBackend(args.backend);
  const timeout_ms = timedelta(args.timeout ?? default_pg_timeout);
  let ws = args.world_size ?? -1, rk = args.rank ?? -1;
  let store = args.store ?? null;
  let method = args.init_method ?? null;
  if (store !== null) {
    if (method !== null) throw pyErr("AssertionError", "Cannot specify both init_method and store.");
    if (ws <= 0) throw pyErr("AssertionError", "world_size must be positive if using store");
    if (rk < 0) throw pyErr("AssertionError", "rank must be non-negative if using store");
  } else {
    method ??= "env://";
    [store, rk, ws] = rendezvous(method, rk, ws, timeout_ms);
    store.set_timeout(timeout_ms / 1000);
  }
  const prefixed = new PrefixStore("default_pg", store);
  const name = groupName();
  const pg = newGroupHelper(prefixed, name, rk, ws, timeout_ms);
  world.pg = pg;
  world.store = prefixed;
  world.backend = be;
  world.init_method = method;
  world.timeout_ms = timeout_ms;
  if (!since(2)) {
    storeBarrier(prefixed, `store_based_barrier_key:${world.group_count}`, ws, timeout_ms);
    _C.setSequenceNumber(pg._pg);
  } else if (process.env.TORCH_DIST_INIT_BARRIER === "1") {
    storeBarrier(prefixed, `store_based_barrier_key:${name}`, ws, timeout_ms);
  }
}
function isOptionsLike(v: object): boolean {
  return !("seconds" in v || "minutes" in v || "hours" in v || "days" in v || "milliseconds" in v);
}

/** destroy_process_group(group=None): the default group (and every group) when none is given. */
export function destroy_process_group(g: Group = null): void {
  if (g == null || g === world.pg) {
    world.pg = null;
    world.store = null;
    world.backend = null;
    world.init_method = null;
    world.group_count = 0;
    world.ranks.clear();
    return;
  }
  world.ranks.delete(g);
}

export interface NewGroupOptions { ranks?: number[] | null; timeout?: Timedelta | null; backend?: string | null; pg_options?: unknown; use_local_synchronization?: boolean }

/** new_group(ranks=None, timeout=None, backend=None): every rank of the world calls it; non-members get GroupMember.NON_GROUP_MEMBER. */
export function new_group(ranks?: number[] | null | NewGroupOptions, opts: NewGroupOptions = {}): ProcessGroup {
  if (ranks !== null && typeof ranks === "object" && !Array.isArray(ranks)) { opts = { ...ranks, ...opts }; ranks = opts.ranks; }
  const def = defaultGroup();
  checkBackend(opts.backend);
  const timeout_ms = opts.timeout == null ? world.timeout_ms : timedelta(opts.timeout);
  const size = def.size(), me = def.rank();
  const rs = ranks == null || ranks.length === 0 ? Array.from({ length: size }, (_, i) => i) : [...ranks].sort((x, y) => x - y);
  for (const r of rs) if (r < 0 || r >= size) throw pyErr("ValueError", "The new group's rank should be within the world_size set by init_process_group");
  const name = groupName();
  let pg: ProcessGroup | symbol = GroupMember.NON_GROUP_MEMBER;
  if (rs.includes(me)) {
    pg = newGroupHelper(world.store!, name, rs.indexOf(me), rs.length, timeout_ms);
    world.ranks.set(pg, rs);
  }
  if (!since(2)) {
    storeBarrier(world.store!, `store_based_barrier_key:${world.group_count}`, size, timeout_ms);
    if (pg !== GroupMember.NON_GROUP_MEMBER) _C.setSequenceNumber((pg as ProcessGroup)._pg);
  } else if (process.env.TORCH_DIST_INIT_BARRIER === "1") {
    storeBarrier(world.store!, `store_based_barrier_key:${name}`, size, timeout_ms);
  }
  return pg as ProcessGroup;
}

// ---- collectives -----------------------------------------------------------------------------

function notMember(g: Group): boolean { return (g as unknown) === GroupMember.NON_GROUP_MEMBER; }

function run(w: Ext, async_op: boolean | undefined, out: Tensor[] = [], after?: () => void): Work | null {
  const work = new Work(w, out, after);
  if (async_op) return work;
  work.wait();
  return null;
}

interface CollOpts { group?: Group; async_op?: boolean }
function kw<T extends object>(v: unknown): v is T { return v !== null && typeof v === "object" && !(v instanceof Tensor) && !Array.isArray(v) && !(v instanceof ProcessGroup) && !(v instanceof RedOpType); }

/** barrier(group=None, async_op=False) */
export function barrier(g?: Group | CollOpts, async_op = false): Work | null {
  const o: CollOpts = kw<CollOpts>(g) ? g : { group: g as Group, async_op };
  if (notMember(o.group)) return null;
  return run(_C.barrier(groupOf(o.group)._pg), o.async_op);
}

interface ReduceOpts extends CollOpts { op?: RedOpType }
/** all_reduce(tensor, op=ReduceOp.SUM, group=None, async_op=False): in place. */
export function all_reduce(tensor: Tensor, op?: RedOpType | ReduceOpts, g?: Group, async_op = false): Work | null {
  const o: ReduceOpts = kw<ReduceOpts>(op) ? op : { op, group: g, async_op };
  if (notMember(o.group)) return null;
  return run(_C.allreduce(groupOf(o.group)._pg, handles([tensor]), opValue(o.op)), o.async_op, [tensor]);
}

interface SrcOpts extends CollOpts { src?: number; group_src?: number }
function groupRoot(pg: ProcessGroup, global?: number, local?: number): number {
  if (local !== undefined && local !== null) return local;
  if (global === undefined || global === null) throw pyErr("ValueError", "Either src or group_src must be set");
  return get_group_rank(pg, global);
}
/** broadcast(tensor, src, group=None, async_op=False): in place. */
export function broadcast(tensor: Tensor, src?: number | SrcOpts, g?: Group, async_op = false): Work | null {
  const o: SrcOpts = kw<SrcOpts>(src) ? src : { src: src as number, group: g, async_op };
  if (notMember(o.group)) return null;
  const pg = groupOf(o.group);
  return run(_C.broadcast(pg._pg, handles([tensor]), groupRoot(pg, o.src, o.group_src)), o.async_op, [tensor]);
}

interface DstOpts extends ReduceOpts { dst?: number; group_dst?: number }
/** reduce(tensor, dst, op=ReduceOp.SUM, group=None, async_op=False) */
export function reduce(tensor: Tensor, dst?: number | DstOpts, op?: RedOpType, g?: Group, async_op = false): Work | null {
  const o: DstOpts = kw<DstOpts>(dst) ? dst : { dst: dst as number, op, group: g, async_op };
  if (notMember(o.group)) return null;
  const pg = groupOf(o.group);
  return run(_C.reduce(pg._pg, handles([tensor]), groupRoot(pg, o.dst, o.group_dst), opValue(o.op)), o.async_op, [tensor]);
}

/** all_gather(tensor_list, tensor, group=None, async_op=False) */
export function all_gather(tensor_list: Tensor[], tensor: Tensor, g?: Group | CollOpts, async_op = false): Work | null {
  const o: CollOpts = kw<CollOpts>(g) ? g : { group: g as Group, async_op };
  if (notMember(o.group)) return null;
  return run(_C.allgather(groupOf(o.group)._pg, handles(tensor_list), tensor._h), o.async_op, tensor_list);
}

/** all_gather_into_tensor(output_tensor, input_tensor, group=None, async_op=False) */
export function all_gather_into_tensor(output_tensor: Tensor, input_tensor: Tensor, g?: Group | CollOpts, async_op = false): Work | null {
  const o: CollOpts = kw<CollOpts>(g) ? g : { group: g as Group, async_op };
  if (notMember(o.group)) return null;
  return run(_C.allgatherBase(groupOf(o.group)._pg, output_tensor._h, input_tensor._h), o.async_op, [output_tensor]);
}

/** reduce_scatter_tensor(output, input, op=ReduceOp.SUM, group=None, async_op=False) */
export function reduce_scatter_tensor(output: Tensor, input: Tensor, op?: RedOpType | ReduceOpts, g?: Group, async_op = false): Work | null {
  const o: ReduceOpts = kw<ReduceOpts>(op) ? op : { op, group: g, async_op };
  if (notMember(o.group)) return null;
  return run(_C.reduceScatterBase(groupOf(o.group)._pg, output._h, input._h, opValue(o.op)), o.async_op, [output]);
}

/** reduce_scatter(output, input_list, op=ReduceOp.SUM, group=None, async_op=False) */
export function reduce_scatter(output: Tensor, input_list: Tensor[], op?: RedOpType | ReduceOpts, g?: Group, async_op = false): Work | null {
  const o: ReduceOpts = kw<ReduceOpts>(op) ? op : { op, group: g, async_op };
  if (notMember(o.group)) return null;
  return run(_C.reduceScatter(groupOf(o.group)._pg, output._h, handles(input_list), opValue(o.op)), o.async_op, [output]);
}

interface GatherOpts extends CollOpts { gather_list?: Tensor[] | null; dst?: number; group_dst?: number }
/** gather(tensor, gather_list=None, dst=0, group=None, async_op=False) */
export function gather(tensor: Tensor, gather_list?: Tensor[] | null | GatherOpts, dst = 0, g?: Group, async_op = false): Work | null {
  const o: GatherOpts = kw<GatherOpts>(gather_list) ? gather_list : { gather_list: gather_list as Tensor[] | null, dst, group: g, async_op };
  if (notMember(o.group)) return null;
  const pg = groupOf(o.group);
  const root = groupRoot(pg, o.dst ?? 0, o.group_dst);
  const list = o.gather_list ?? [];
  if (pg.rank() === root && list.length === 0) throw pyErr("ValueError", "Argument ``gather_list`` must be specified on destination rank.");
  if (pg.rank() !== root && list.length > 0) throw pyErr("ValueError", "Argument ``gather_list`` must NOT be specified on non-destination ranks.");
  return run(_C.gather(pg._pg, handles(list), tensor._h, root), o.async_op, list);
}

interface ScatterOpts extends CollOpts { scatter_list?: Tensor[] | null; src?: number; group_src?: number }
/** scatter(tensor, scatter_list=None, src=0, group=None, async_op=False) */
export function scatter(tensor: Tensor, scatter_list?: Tensor[] | null | ScatterOpts, src = 0, g?: Group, async_op = false): Work | null {
  const o: ScatterOpts = kw<ScatterOpts>(scatter_list) ? scatter_list : { scatter_list: scatter_list as Tensor[] | null, src, group: g, async_op };
  if (notMember(o.group)) return null;
  const pg = groupOf(o.group);
  const root = groupRoot(pg, o.src ?? 0, o.group_src);
  const list = o.scatter_list ?? [];
  if (pg.rank() === root && list.length === 0) throw pyErr("ValueError", "Argument ``scatter_list`` must be specified on source rank.");
  if (pg.rank() !== root && list.length > 0) throw pyErr("ValueError", "Argument ``scatter_list`` must NOT be specified on non-source ranks.");
  return run(_C.scatter(pg._pg, tensor._h, handles(list), root), o.async_op, [tensor]);
}

interface P2POpts { group?: Group; tag?: number }
function checkPeer(pg: ProcessGroup, peer: number, what: string): number {
  const r = get_group_rank(pg, peer);
  if (r === pg.rank()) throw pyErr("ValueError", `Invalid destination rank: ${what} rank should not be the same as the rank of the current process.`);
  return r;
}
/** isend(tensor, dst, group=None, tag=0) */
export function isend(tensor: Tensor, dst: number, g?: Group | P2POpts, tag = 0): Work | null {
  const o: P2POpts = kw<P2POpts>(g) ? g : { group: g as Group, tag };
  if (notMember(o.group)) return null;
  const pg = groupOf(o.group);
  return new Work(_C.send(pg._pg, tensor._h, checkPeer(pg, dst, "Destination"), o.tag ?? 0), [tensor]);
}
/** irecv(tensor, src=None, group=None, tag=0) */
export function irecv(tensor: Tensor, src?: number | null, g?: Group | P2POpts, tag = 0): Work | null {
  const o: P2POpts = kw<P2POpts>(g) ? g : { group: g as Group, tag };
  if (notMember(o.group)) return null;
  const pg = groupOf(o.group);
  return new Work(_C.recv(pg._pg, tensor._h, src == null ? -1 : get_group_rank(pg, src), o.tag ?? 0), [tensor]);
}
/** send(tensor, dst, group=None, tag=0) */
export function send(tensor: Tensor, dst: number, g?: Group | P2POpts, tag = 0): void {
  isend(tensor, dst, g, tag)?.wait();
}
/** recv(tensor, src=None, group=None, tag=0): returns the sender's rank. */
export function recv(tensor: Tensor, src?: number | null, g?: Group | P2POpts, tag = 0): number {
  const w = irecv(tensor, src, g, tag);
  if (w === null) return -1;
  w.wait();
  const o: P2POpts = kw<P2POpts>(g) ? g : { group: g as Group };
  return src == null ? get_global_rank(groupOf(o.group), w.source_rank()) : src;
}

// ---- object collectives: objects travel as torch.save bytes -------------------------------------

function objectToTensor(obj: unknown): [Tensor, Tensor] {
  const chunks: Uint8Array[] = [];
  save(obj, { write: (c: Uint8Array) => { chunks.push(Buffer.from(c)); } });
  const bytes = Buffer.concat(chunks);
  const t = torch.tensor(new Uint8Array(bytes), { dtype: uint8 });
  return [t, torch.tensor([bytes.length], { dtype: int64 })];
}
function tensorToObject(t: Tensor, size: number): unknown {
  const buf = Buffer.from(N.toBuffer(t.index(`:${size}`).contiguous()._h, true));
  return load(buf, { weights_only: false });
}

/** broadcast_object_list(object_list, src=0, group=None): in place on the other ranks. */
export function broadcast_object_list(object_list: unknown[], src: number | { src?: number; group?: Group; group_src?: number } = 0, g?: Group): void {
  const o = typeof src === "object" ? src : { src, group: g };
  if (notMember(o.group)) return;
  const pg = groupOf(o.group);
  const root = groupRoot(pg, o.src ?? 0, o.group_src);
  const me = pg.rank() === root;
  let tensors: Tensor[] = [], sizes: Tensor;
  if (me) {
    const pairs = object_list.map(objectToTensor);
    tensors = pairs.map((p) => p[0]);
    sizes = torch.cat(pairs.map((p) => p[1]));
  } else {
    sizes = torch.empty([object_list.length], { dtype: int64 });
  }
  broadcast(sizes, { group_src: root, group: pg });
  const n = (sizes.tolist() as number[]);
  const total = n.reduce((a, b) => a + b, 0);
  const flat = me ? (tensors.length ? torch.cat(tensors) : torch.empty([0], { dtype: uint8 })) : torch.empty([total], { dtype: uint8 });
  broadcast(flat, { group_src: root, group: pg });
  if (!me) {
    let off = 0;
    for (let i = 0; i < n.length; i++) {
      object_list[i] = tensorToObject(flat.index(`${off}:${off + n[i]}`), n[i]);
      off += n[i];
    }
  }
}

/** all_gather_object(object_list, obj, group=None): object_list[i] becomes rank i's obj. */
export function all_gather_object(object_list: unknown[], obj: unknown, g?: Group): void {
  if (notMember(g)) return;
  const pg = groupOf(g);
  const ws = pg.size();
  const [t, size] = objectToTensor(obj);
  const sizes = Array.from({ length: ws }, () => torch.zeros([1], { dtype: int64 }));
  all_gather(sizes, size, pg);
  const n = sizes.map((s) => s.item() as number);
  const max = Math.max(...n);
  const padded = torch.zeros([max], { dtype: uint8 });
  padded.index(`:${n[pg.rank()]}`).copy_(t);
  const outs = Array.from({ length: ws }, () => torch.empty([max], { dtype: uint8 }));
  all_gather(outs, padded, pg);
  for (let i = 0; i < ws; i++) object_list[i] = tensorToObject(outs[i], n[i]);
}

/** gather_object(obj, object_gather_list=None, dst=0, group=None) */
export function gather_object(obj: unknown, object_gather_list: unknown[] | null = null, dst = 0, g?: Group): void {
  if (notMember(g)) return;
  const pg = groupOf(g);
  const all: unknown[] = new Array(pg.size());
  all_gather_object(all, obj, pg);
  if (pg.rank() === get_group_rank(pg, dst) && object_gather_list) for (let i = 0; i < all.length; i++) object_gather_list[i] = all[i];
}

/** @internal The native group of a ProcessGroup (DistributedDataParallel). */
export function _native_group(g: Group): Ext { return groupOf(g)._pg; }
