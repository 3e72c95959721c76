// A pickle reader and writer for the data PyTorch checkpoints hold
// (CHECKPOINT-FORMAT.md §2, §3). The reader never runs code: GLOBAL resolves only
// names the caller allows, and REDUCE/NEWOBJ/BUILD on them build inert nodes that
// the caller turns into values afterwards.

export class UnpicklingError extends Error {
  constructor(msg: string) {
    super(msg);
    this.name = "UnpicklingError";
  }
}

// ---- the reader's object model -----------------------------------------------------
/** A Python float (JS numbers cannot tell 1 from 1.0). */
export class PyFloat { constructor(readonly v: number) {} }
export class PyTuple { constructor(readonly items: unknown[]) {} }
export class PyList { items: unknown[] = []; }
export class PySet { items: unknown[] = []; }
export class PyBytes { constructor(readonly data: Buffer) {} }
/** dict, OrderedDict or Counter; `state` is what BUILD set (`_metadata`). */
export class PyDict {
  map = new Map<unknown, unknown>();
  state: PyDict | null = null;
  constructor(readonly ordered = false) {}
}
/** A name GLOBAL pushed: `module.name`, resolved by the caller. */
export class PyGlobal { constructor(readonly module: string, readonly name: string, readonly value: unknown) {} }
/** `global(*args)` for a global whose handler builds the result later. */
export class PyCall {
  state: unknown = undefined;
  constructor(readonly fn: PyGlobal, readonly args: unknown[], readonly newobj = false) {}
}

export interface UnpicklerHooks {
  /** Resolves GLOBAL `module name` (throws if not allowed). */
  find_class(module: string, name: string): PyGlobal;
  /** REDUCE / NEWOBJ on a resolved global; returns the node to push. */
  call(fn: PyGlobal, args: unknown[], newobj: boolean): unknown;
  persistent_load(pid: unknown): unknown;
  /** BUILD on another node the caller made; returns false where it cannot build `inst`. */
  build?(inst: unknown, state: unknown): boolean;
  /** The opcodes accepted; undefined: all the reader knows. */
  allowed?: Set<number>;
}

const OP_NAMES: Record<number, string> = {};

/** Opcodes torch's weights_only unpickler accepts (2.x, §3.2). */
export const WEIGHTS_ONLY_OPCODES = new Set<number>([
  0x80, 0x2e, 0x63, 0x52, 0x62, 0x81, 0x51, 0x28, 0x74, 0x85, 0x86, 0x87, 0x29, 0x5d, 0x61, 0x65, 0x7d, 0x73, 0x75,
  0x8f, 0x4e, 0x88, 0x89, 0x4a, 0x4b, 0x4d, 0x8a, 0x47, 0x58, 0x55, 0x71, 0x72, 0x68, 0x6a,
]);

const utf8 = new TextDecoder("utf-8", { fatal: true });

function decodeLong(b: Buffer): number | bigint {
  if (b.length === 0) return 0;
  // Little-endian two's complement; through hex, which is linear (shifting byte by byte is quadratic).
  let v = BigInt("0x" + Buffer.from(b).reverse().toString("hex"));
  if (b[b.length - 1] & 0x80) v -= 1n << BigInt(8 * b.length);
  return normInt(v);
}

/**
 * What a pickle may make, far above any checkpoint Python writes (its pickler nests a few
 * hundred levels at most): a hostile or corrupt data.pkl (400 MB of MARK opcodes inflated from
 * 400 KB) ends in an UnpicklingError instead of exhausting memory.
 */
export const PICKLE_LIMITS = { marks: 100_000, objects: 20_000_000 };

export function normInt(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

const MARK = Symbol("mark");

/** Reads one pickle starting at `pos`; returns the object and the position after STOP. */
export function unpickle(buf: Buffer, hooks: UnpicklerHooks, pos = 0): { value: unknown; end: number } {
  let stack: unknown[] = [];
  const metastack: unknown[][] = [];
  // Memo indices are small and dense (BINPUT, MEMOIZE): an array, which, unlike a Map, has no 2^24 limit.
  const memo: unknown[] = [];
  let memoSize = 0;
  let made = 0;
  const made1 = () => {
    if (++made > PICKLE_LIMITS.objects) throw new UnpicklingError(`pickle data makes more than ${PICKLE_LIMITS.objects} objects`);
  };
  const memoPut = (i: number, v: unknown) => {
    if (!(i in memo)) memoSize++;
    memo[i] = v;
  };
  const len = buf.length;

  const need = (n: number) => {
    if (n < 0 || pos + n > len) throw new UnpicklingError("pickle data was truncated");
  };
  const read = (n: number) => { need(n); const b = buf.subarray(pos, pos + n); pos += n; return b; };
  const u8 = () => { need(1); return buf[pos++]; };
  const u16 = () => { need(2); const v = buf.readUInt16LE(pos); pos += 2; return v; };
  const u32 = () => { need(4); const v = buf.readUInt32LE(pos); pos += 4; return v; };
  const i32 = () => { need(4); const v = buf.readInt32LE(pos); pos += 4; return v; };
  const u64 = () => {
    need(8);
    const v = buf.readBigUInt64LE(pos); pos += 8;
    if (v > BigInt(len)) throw new UnpicklingError("pickle data was truncated");
    return Number(v);
  };
  const readline = () => {
    const nl = buf.indexOf(0x0a, pos);
    if (nl < 0) throw new UnpicklingError("pickle data was truncated");
    const s = buf.toString("latin1", pos, nl);
    pos = nl + 1;
    return s;
  };
  const str = (b: Buffer) => {
    try { return utf8.decode(b); } catch { throw new UnpicklingError("invalid UTF-8 in a pickled string"); }
  };
  const pop = () => {
    if (stack.length === 0) throw new UnpicklingError("unpickling stack underflow");
    return stack.pop();
  };
  const top = () => {
    if (stack.length === 0) throw new UnpicklingError("unpickling stack underflow");
    return stack[stack.length - 1];
  };
  const popMark = () => {
    const items = stack;
    const prev = metastack.pop();
    if (prev === undefined) throw new UnpicklingError("could not find MARK");
    stack = prev;
    return items;
  };
  const setItem = (d: unknown, k: unknown, v: unknown) => {
    if (!(d instanceof PyDict)) throw new UnpicklingError(`Can only set items of dicts, but got ${typeName(d)}`);
    d.map.set(dictKey(k), v);
  };
  const appendTo = (l: unknown, items: unknown[]) => {
    if (!(l instanceof PyList)) throw new UnpicklingError(`Can only append to lists, but got ${typeName(l)}`);
    for (const x of items) l.items.push(x);
  };
  const checkNoMark = (xs: unknown[]) => {
    for (const x of xs) if (x === MARK) throw new UnpicklingError("unexpected MARK");
  };

  for (;;) {
    const op = u8();
    if (hooks.allowed && !hooks.allowed.has(op)) throw new UnpicklingError(`Unsupported operand ${op}`);
    switch (op) {
      case 0x80: { // PROTO
        const p = u8();
        if (p > 5) throw new UnpicklingError(`unsupported pickle protocol: ${p}`);
        break;
      }
      case 0x95: read(8); break; // FRAME: frames are only a read-ahead hint
      case 0x2e: { // STOP
        const v = pop();
        if (v === MARK) throw new UnpicklingError("unexpected MARK");
        return { value: v, end: pos };
      }
      case 0x28: // MARK
        if (metastack.length >= PICKLE_LIMITS.marks) throw new UnpicklingError(`pickle data nests more than ${PICKLE_LIMITS.marks} MARKs`);
        made1();
        metastack.push(stack); stack = [];
        break;
      case 0x30: pop(); break; // POP
      case 0x31: popMark(); break; // POP_MARK
      case 0x32: stack.push(top()); break; // DUP
      // ints
      case 0x4a: stack.push(i32()); break; // BININT
      case 0x4b: stack.push(u8()); break; // BININT1
      case 0x4d: stack.push(u16()); break; // BININT2
      case 0x8a: made1(); stack.push(decodeLong(read(u8()))); break; // LONG1
      case 0x8b: { // LONG4
        const n = i32();
        if (n < 0) throw new UnpicklingError("LONG pickle has negative byte count");
        stack.push(decodeLong(read(n)));
        break;
      }
      case 0x47: { made1(); need(8); stack.push(new PyFloat(buf.readDoubleBE(pos))); pos += 8; break; } // BINFLOAT
      case 0x4e: stack.push(null); break; // NONE
      case 0x88: stack.push(true); break; // NEWTRUE
      case 0x89: stack.push(false); break; // NEWFALSE
      // strings and bytes
      case 0x58: made1(); stack.push(str(read(u32()))); break; // BINUNICODE
      case 0x8c: made1(); stack.push(str(read(u8()))); break; // SHORT_BINUNICODE
      case 0x8d: made1(); stack.push(str(read(u64()))); break; // BINUNICODE8
      case 0x55: made1(); stack.push(read(u8()).toString("latin1")); break; // SHORT_BINSTRING (Python 2 str, ASCII)
      case 0x54: { // BINSTRING
        const n = i32();
        if (n < 0) throw new UnpicklingError("BINSTRING pickle has negative byte count");
        stack.push(read(n).toString("latin1"));
        break;
      }
      case 0x43: made1(); stack.push(new PyBytes(Buffer.from(read(u8())))); break; // SHORT_BINBYTES
      case 0x42: made1(); stack.push(new PyBytes(Buffer.from(read(u32())))); break; // BINBYTES
      case 0x8e: made1(); stack.push(new PyBytes(Buffer.from(read(u64())))); break; // BINBYTES8
      case 0x96: made1(); stack.push(new PyBytes(Buffer.from(read(u64())))); break; // BYTEARRAY8
      // containers
      case 0x29: made1(); stack.push(new PyTuple([])); break; // EMPTY_TUPLE
      case 0x85: { made1(); const a = pop(); checkNoMark([a]); stack.push(new PyTuple([a])); break; } // TUPLE1
      case 0x86: { made1(); const b = pop(), a = pop(); checkNoMark([a, b]); stack.push(new PyTuple([a, b])); break; } // TUPLE2
      case 0x87: { made1(); const c = pop(), b = pop(), a = pop(); checkNoMark([a, b, c]); stack.push(new PyTuple([a, b, c])); break; } // TUPLE3
      case 0x74: { const items = popMark(); checkNoMark(items); stack.push(new PyTuple(items)); break; } // TUPLE
      case 0x5d: made1(); stack.push(new PyList()); break; // EMPTY_LIST
      case 0x6c: { const items = popMark(); checkNoMark(items); const l = new PyList(); l.items = items; stack.push(l); break; } // LIST
      case 0x61: { const v = pop(); checkNoMark([v]); appendTo(top(), [v]); break; } // APPEND
      case 0x65: { const items = popMark(); checkNoMark(items); appendTo(top(), items); break; } // APPENDS
      case 0x7d: made1(); stack.push(new PyDict()); break; // EMPTY_DICT
      case 0x64: { // DICT
        const items = popMark();
        checkNoMark(items);
        if (items.length % 2) throw new UnpicklingError("odd number of items for DICT");
        const d = new PyDict();
        for (let i = 0; i < items.length; i += 2) d.map.set(dictKey(items[i]), items[i + 1]);
        stack.push(d);
        break;
      }
      case 0x73: { const v = pop(), k = pop(); checkNoMark([k, v]); setItem(top(), k, v); break; } // SETITEM
      case 0x75: { // SETITEMS
        const items = popMark();
        checkNoMark(items);
        if (items.length % 2) throw new UnpicklingError("odd number of items for SETITEMS");
        const d = top();
        for (let i = 0; i < items.length; i += 2) setItem(d, items[i], items[i + 1]);
        break;
      }
      case 0x8f: made1(); stack.push(new PySet()); break; // EMPTY_SET
      case 0x90: { // ADDITEMS
        const items = popMark();
        checkNoMark(items);
        const s = top();
        if (!(s instanceof PySet)) throw new UnpicklingError(`Can only add items to sets, but got ${typeName(s)}`);
        s.items.push(...items);
        break;
      }
      case 0x91: { const items = popMark(); checkNoMark(items); const s = new PySet(); s.items = items; stack.push(s); break; } // FROZENSET
      // memo
      case 0x71: memoPut(u8(), top()); break; // BINPUT
      case 0x72: memoPut(u32(), top()); break; // LONG_BINPUT
      case 0x94: memoPut(memoSize, top()); break; // MEMOIZE
      case 0x68: case 0x6a: { // BINGET, LONG_BINGET
        const i = op === 0x68 ? u8() : u32();
        if (!(i in memo)) throw new UnpicklingError(`Memo value not found at index ${i}`);
        stack.push(memo[i]);
        break;
      }
      // the risky ones: resolved and built by the caller's hooks
      case 0x63: { // GLOBAL
        const module = readline(), name = readline();
        stack.push(hooks.find_class(module, name));
        break;
      }
      case 0x93: { // STACK_GLOBAL
        const name = pop(), module = pop();
        if (typeof name !== "string" || typeof module !== "string") throw new UnpicklingError("STACK_GLOBAL requires str");
        stack.push(hooks.find_class(module, name));
        break;
      }
      case 0x52: case 0x81: { // REDUCE, NEWOBJ
        const args = pop(), fn = pop();
        if (!(fn instanceof PyGlobal)) throw new UnpicklingError(`Trying to call ${op === 0x52 ? "reduce" : "NEWOBJ"} for unrecognized function ${typeName(fn)}`);
        if (!(args instanceof PyTuple)) throw new UnpicklingError(`${op === 0x52 ? "REDUCE" : "NEWOBJ"} arguments must be a tuple, got ${typeName(args)}`);
        checkNoMark(args.items);
        stack.push(hooks.call(fn, args.items, op === 0x81));
        break;
      }
      case 0x62: { // BUILD
        const state = pop();
        const inst = top();
        if (inst instanceof PyDict && inst.ordered) {
          if (!(state instanceof PyDict)) throw new UnpicklingError(`OrderedDict state must be a dict, got ${typeName(state)}`);
          inst.state = state;
        } else if (inst instanceof PyCall) {
          inst.state = state;
        } else if (!hooks.build?.(inst, state)) {
          throw new UnpicklingError(`Can only build Tensor, parameter or dict objects, but got ${typeName(inst)}`);
        }
        break;
      }
      case 0x51: stack.push(hooks.persistent_load(pop())); break; // BINPERSID
      default:
        throw new UnpicklingError(`Unsupported operand ${op}${OP_NAMES[op] ? ` (${OP_NAMES[op]})` : ""}`);
    }
  }
}

for (const [name, code] of Object.entries({
  INST: 0x69, OBJ: 0x6f, EXT1: 0x82, EXT2: 0x83, EXT4: 0x84, NEWOBJ_EX: 0x92, PERSID: 0x50, INT: 0x49, LONG: 0x4c,
  FLOAT: 0x46, STRING: 0x53, UNICODE: 0x56, GET: 0x67, PUT: 0x70, NEXT_BUFFER: 0x97, READONLY_BUFFER: 0x98,
})) OP_NAMES[code] = name;

/** Python hashes 1.0 and 1 alike; floats become plain numbers as dict keys. */
function dictKey(k: unknown): unknown {
  if (k === MARK) throw new UnpicklingError("unexpected MARK");
  return k instanceof PyFloat ? k.v : k;
}

export function typeName(x: unknown): string {
  if (x === null) return "NoneType";
  if (x instanceof PyDict) return x.ordered ? "OrderedDict" : "dict";
  if (x instanceof PyList) return "list";
  if (x instanceof PyTuple) return "tuple";
  if (x instanceof PyFloat) return "float";
  if (x instanceof PySet) return "set";
  if (x instanceof PyBytes) return "bytes";
  if (x instanceof PyGlobal) return `${x.module}.${x.name}`;
  if (x instanceof PyCall) return `${x.fn.module}.${x.fn.name} object`;
  if (typeof x === "string") return "str";
  if (typeof x === "number" || typeof x === "bigint") return "int";
  if (typeof x === "boolean") return "bool";
  if (x === MARK) return "MARK";
  if (typeof (x as any)?.pyTypeName === "string") return (x as any).pyTypeName;
  return (x as any)?.constructor?.name ?? typeof x;
}

// ---- writing --------------------------------------------------------------------------

/** A growable byte buffer for the pickle stream. */
export class ByteWriter {
  private buf = Buffer.allocUnsafe(1024);
  length = 0;
  private ensure(n: number) {
    if (this.length + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.length + n) cap *= 2;
    const b = Buffer.allocUnsafe(cap);
    this.buf.copy(b, 0, 0, this.length);
    this.buf = b;
  }
  byte(b: number) { this.ensure(1); this.buf[this.length++] = b; }
  bytes(data: Uint8Array) { this.ensure(data.length); this.buf.set(data, this.length); this.length += data.length; }
  u16(v: number) { this.ensure(2); this.buf.writeUInt16LE(v, this.length); this.length += 2; }
  u32(v: number) { this.ensure(4); this.buf.writeUInt32LE(v, this.length); this.length += 4; }
  i32(v: number) { this.ensure(4); this.buf.writeInt32LE(v, this.length); this.length += 4; }
  f64be(v: number) { this.ensure(8); this.buf.writeDoubleBE(v, this.length); this.length += 8; }
  result(): Buffer { return this.buf.subarray(0, this.length); }
}

/** The protocol-2 opcodes of the writer subset (§2.8). */
export class PickleWriter {
  readonly w = new ByteWriter();
  private memoCount = 0;

  proto() { this.w.byte(0x80); this.w.byte(2); }
  stop() { this.w.byte(0x2e); }
  mark() { this.w.byte(0x28); }
  none() { this.w.byte(0x4e); }
  bool(v: boolean) { this.w.byte(v ? 0x88 : 0x89); }
  int(v: number | bigint): void {
    if (typeof v === "number" && v >= 0 && v <= 0xff) { this.w.byte(0x4b); this.w.byte(v); return; }
    if (typeof v === "number" && v >= 0 && v <= 0xffff) { this.w.byte(0x4d); this.w.u16(v); return; }
    if (typeof v === "number" && v >= -0x80000000 && v <= 0x7fffffff) { this.w.byte(0x4a); this.w.i32(v); return; }
    const b = BigInt(v);
    if (b >= -0x80000000n && b <= 0x7fffffffn) return this.int(Number(b));
    // LONG1 with 8 bytes where the value fits int64 (libtorch's reader takes only that
    // length); minimal two's complement beyond, as Python writes.
    let n = 8;
    if (b < -(1n << 63n) || b >= 1n << 63n) {
      n = 1;
      while (b < -(1n << BigInt(8 * n - 1)) || b >= 1n << BigInt(8 * n - 1)) n++;
    }
    if (n > 255) throw new Error(`int too large to pickle: ${b}`);
    let u = b < 0n ? (1n << BigInt(8 * n)) + b : b;
    this.w.byte(0x8a); this.w.byte(n);
    for (let i = 0; i < n; i++) { this.w.byte(Number(u & 0xffn)); u >>= 8n; }
  }
  float(v: number) { this.w.byte(0x47); this.w.f64be(v); }
  str(s: string) {
    const b = Buffer.from(s, "utf8");
    if (b.length > 0xffffffff) throw new Error("string too long to pickle");
    this.w.byte(0x58); this.w.u32(b.length); this.w.bytes(b);
  }
  global(module: string, name: string) {
    this.w.byte(0x63);
    this.w.bytes(Buffer.from(`${module}\n${name}\n`, "utf8"));
  }
  /** Closes a tuple of `n` items pushed since `mark()` (if n > 3). */
  tuple(n: number) {
    if (n === 0) this.w.byte(0x29);
    else if (n === 1) this.w.byte(0x85);
    else if (n === 2) this.w.byte(0x86);
    else if (n === 3) this.w.byte(0x87);
    else this.w.byte(0x74);
  }
  emptyTuple() { this.w.byte(0x29); }
  emptyList() { this.w.byte(0x5d); }
  emptyDict() { this.w.byte(0x7d); }
  appends() { this.w.byte(0x65); }
  setitems() { this.w.byte(0x75); }
  reduce() { this.w.byte(0x52); }
  build() { this.w.byte(0x62); }
  binpersid() { this.w.byte(0x51); }
  /** Memoizes the stack top; returns its index. */
  put(): number {
    const i = this.memoCount++;
    if (i < 256) { this.w.byte(0x71); this.w.byte(i); } else { this.w.byte(0x72); this.w.u32(i); }
    return i;
  }
  get(i: number) {
    if (i < 256) { this.w.byte(0x68); this.w.byte(i); } else { this.w.byte(0x6a); this.w.u32(i); }
  }
}
