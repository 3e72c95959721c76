// multiprocessing's process objects (Python's multiprocessing/process.py and context.py): the
// SpawnProcess that torch.multiprocessing.spawn starts, current_process() and parent_process().
// A process started by spawn carries its mark (which spawn call, which rank) in one environment
// variable; it is read, and removed, once per process.
import { spawn as spawnChild, type ChildProcess } from "node:child_process";
import os from "node:os";
import { inspect } from "node:util";

const ENV = "TORCH_NODE_MP_SPAWN";

/** What a spawned process is to do: run fn(rank, ...args) at the `call`-th start_processes call. */
export interface ChildMark { call: number; rank: number; error_file: string; identity: number[]; daemon: boolean; parent: number; parent_name: string }
interface State { calls: number; counter: number; child: ChildMark | null; reached: boolean }

// One state per process, also when both the CommonJS and the ESM build are loaded.
const KEY = Symbol.for("torch-node.multiprocessing");
export function mpState(): State {
  const g = globalThis as unknown as Record<symbol, State | undefined>;
  let s = g[KEY];
  if (s === undefined) {
    const raw = process.env[ENV];
    // this process's own children get a mark of their own
    delete process.env[ENV];
    s = g[KEY] = { calls: 0, counter: 0, child: raw ? JSON.parse(raw) as ChildMark : null, reached: false };
  }
  return s;
}
mpState();

const SIGNAL_NAMES = new Map(Object.entries(os.constants.signals).map(([k, v]) => [v, k]));
/** Python's exitcode: the exit status, or minus the signal's number. */
const exitcode = (code: number | null, signal: NodeJS.Signals | null) => (signal ? -(os.constants.signals[signal] ?? 0) : code ?? 0);

/** Python's BaseProcess: name, daemon, pid, parent, and its repr. */
export abstract class BaseProcess {
  static __module__ = "multiprocessing.process";
  name: string;
  daemon: boolean;
  exitcode: number | null = null;
  protected _parent_pid: number | null;
  constructor(name: string, daemon: boolean, parent_pid: number | null) {
    this.name = name;
    this.daemon = daemon;
    this._parent_pid = parent_pid;
  }
  abstract get pid(): number | null;
  get ident(): number | null { return this.pid; }
  protected _status(): string { return "started"; }
  /** The pid of the child this process started it as (Python's _popen), which its repr shows. */
  protected _popen_pid(): number | null { return null; }
  /** `<SpawnProcess name='SpawnProcess-1' pid=4242 parent=4241 stopped exitcode=1>`, as Python prints. */
  toString(): string {
    const info = [this.constructor.name, `name='${this.name}'`];
    const popen = this._popen_pid();
    if (popen !== null) info.push(`pid=${popen}`);
    info.push(`parent=${this._parent_pid ?? "None"}`, this._status());
    if (this._status() === "stopped" && this.exitcode !== null) {
      const sig = this.exitcode < 0 ? SIGNAL_NAMES.get(-this.exitcode) : undefined;
      info.push(`exitcode=${sig ? `-${sig}` : this.exitcode}`);
    }
    if (this.daemon) info.push("daemon");
    return `<${info.join(" ")}>`;
  }
  [inspect.custom](): string { return this.toString(); }
}

/** A process started the way Python's "spawn" start method does: a fresh Node running this script. */
export class SpawnProcess extends BaseProcess {
  static __module__ = "multiprocessing.context";
  private _child: ChildProcess | null = null;
  private _exited: Promise<void> | null = null;
  /** The child itself (Python's self in the child): no pid of a Popen of its own. */
  private _self: boolean;
  constructor(name: string, daemon: boolean, parent_pid: number | null, self = false) {
    super(name, daemon, parent_pid);
    this._self = self;
  }
  get pid(): number | null { return this._self ? process.pid : this._popen_pid(); }
  protected _popen_pid(): number | null { return this._child?.pid ?? null; }
  protected _status(): string {
    if (this._self) return "started";
    if (this._child === null) return "initial";
    return this.exitcode === null ? "started" : "stopped";
  }

  /** Starts the child: the same Node, flags and script, with `mark` in its environment. */
  _start(mark: ChildMark): void {
    // a debugger port cannot be opened twice
    const flags = process.execArgv.filter((a) => !/^--(inspect|debug)/.test(a));
    const child = spawnChild(process.execPath, [...flags, ...process.argv.slice(1)], {
      // as Python's children, no stdin: it stays the parent's
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, [ENV]: JSON.stringify(mark) },
    });
    this._child = child;
    this._exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => { this.exitcode = exitcode(code, signal); resolve(); });
      child.once("error", (e) => {
        if (child.pid !== undefined) return;
        process.stderr.write(`${e.stack ?? e}\n`);
        this.exitcode = 1;
        resolve();
      });
    });
    // Python terminates daemonic children when the parent exits, and waits for the others.
    if (this.daemon) {
      child.unref();
      process.once("exit", () => { if (this.exitcode === null) child.kill("SIGTERM"); });
    }
  }
  is_alive(): boolean { return this._child !== null && this.exitcode === null; }
  /** Waits until the process ends, or `timeout` seconds (null: no limit). Python blocks; this is a Promise. */
  async join(timeout: number | null | { timeout?: number | null } = null): Promise<void> {
    const t = timeout !== null && typeof timeout === "object" ? timeout.timeout ?? null : timeout;
    if (this._exited === null) throw Object.assign(new Error("can only join a started process"), { name: "AssertionError" });
    // a daemonic child must keep the event loop alive while it is waited for
    this._child!.ref();
    try {
      await waitUpTo(this._exited, t);
    } finally {
      if (this.daemon) this._child!.unref();
    }
  }
  terminate(): void { if (this.is_alive()) this._child!.kill("SIGTERM"); }
  kill(): void { if (this.is_alive()) this._child!.kill("SIGKILL"); }
}

/** Python's _MainProcess: the process started by the user. */
class _MainProcess extends BaseProcess {
  constructor() { super("MainProcess", false, null); }
  get pid(): number { return process.pid; }
}
/** Python's _ParentProcess: what a spawned child knows of its parent. */
class _ParentProcess extends BaseProcess {
  private _pid: number;
  constructor(name: string, pid: number) { super(name, false, null); this._pid = pid; }
  get pid(): number { return this._pid; }
  // Python cannot tell another process's state from its own
  protected _status(): string { return "unknown"; }
  is_alive(): boolean { return process.ppid === this._pid; }
}

/** Waits for `p`, at most `seconds` (null: no limit); the timer is cleared so it holds no process up. */
export async function waitUpTo(p: Promise<unknown>, seconds: number | null): Promise<void> {
  if (seconds === null) { await p; return; }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise((resolve) => { timer = setTimeout(resolve, Math.max(0, seconds) * 1000); })]);
  clearTimeout(timer);
}

let current: BaseProcess | null = null;
/** multiprocessing.current_process(): MainProcess, or in a spawned child its SpawnProcess (SpawnProcess-1, ...). */
export function current_process(): BaseProcess {
  if (current === null) {
    const m = mpState().child;
    current = m === null ? new _MainProcess() : new SpawnProcess(`SpawnProcess-${m.identity.join(":")}`, m.daemon, m.parent, true);
  }
  return current;
}
let parent: BaseProcess | null | undefined;
/** multiprocessing.parent_process(): null in the main process (the Node equivalent of
 *  `if __name__ == "__main__":` is `if (mp.parent_process() === null)`), else the parent. */
export function parent_process(): BaseProcess | null {
  if (parent === undefined) {
    const m = mpState().child;
    parent = m === null ? null : new _ParentProcess(m.parent_name, m.parent);
  }
  return parent;
}
