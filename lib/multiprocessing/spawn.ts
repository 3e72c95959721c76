// torch.multiprocessing.spawn (torch/multiprocessing/spawn.py): start_processes, spawn, ProcessContext
// and the exceptions a failed child raises in the parent.
//
// Python's "spawn" start method runs a fresh interpreter per child that re-imports the main module
// (its `if __name__ == "__main__":` guard keeps the child from spawning again) and calls fn(i, *args).
// Here each child is a fresh Node running the same script with the same flags (tsx's loader
// included). The child re-runs the script up to the same start_processes call (the k-th of the
// script, counted), which runs `await fn(rank, ...args)` there and ends the process (0, or 1 after
// writing the traceback for the parent) instead of starting processes: the call never returns in a
// child. `args` are the child's own values of the call's arguments, not the parent's.
import fs from "node:fs";
import os from "node:os";
import crypto from "node:crypto";
import { AsyncLocalStorage } from "node:async_hooks";
import { bindArgs, valueError, warn } from "../nn/_utils";
import { objectRepr } from "../_object_repr";
import { V } from "../version";
import { mpState, waitUpTo, SpawnProcess, type ChildMark } from "./process";

/** Base of the errors a failed child raises in the parent; `error_pid` is the child's pid (1.13: `pid`). */
export class ProcessException extends Error {
  static __module__ = "torch.multiprocessing.spawn";
  msg: string;
  error_index: number;
  error_pid?: number;
  pid?: number;
  constructor(msg: string, error_index: number, error_pid: number) {
    super(msg);
    this.name = new.target.name;
    this.msg = msg;
    this.error_index = error_index;
    if (V.mp_error_pid) this.error_pid = error_pid;
    else this.pid = error_pid;
  }
}
/** A child's fn threw: the message carries the child's traceback. */
export class ProcessRaisedException extends ProcessException {}
/** A child ended with a non-zero exit code or by a signal. */
export class ProcessExitedException extends ProcessException {
  exit_code: number;
  signal_name: string | null;
  constructor(msg: string, error_index: number, error_pid: number, exit_code: number, signal_name: string | null = null) {
    super(msg, error_index, error_pid);
    this.exit_code = exit_code;
    this.signal_name = signal_name;
  }
}

// torch's log format for the warnings of join: "W1203 16:02:45.394000 4241 torch/...spawn.py:165] ..."
function logWarning(line: number, msg: string): void {
  if (!V.mp_join_grace_period) return;
  const d = new Date(), p = (n: number, w = 2) => String(n).padStart(w, "0");
  const stamp = `${p(d.getMonth() + 1)}${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds() * 1000, 6)}`;
  process.stderr.write(`W${stamp} ${process.pid} torch/multiprocessing/spawn.py:${line}] ${msg}\n`);
}

/** The processes start_processes started; join() waits for them (a Promise: Node cannot block). */
export class ProcessContext {
  static __module__ = "torch.multiprocessing.spawn";
  processes: SpawnProcess[];
  error_files: string[];
  /** Python's sentinels: the indices of the processes not joined yet. */
  private _pending: Set<number>;
  /** In a spawned child: the context of its own spawn call, which never joins. */
  _never = false;
  constructor(processes: SpawnProcess[], error_files: string[]) {
    this.processes = processes;
    this.error_files = error_files;
    this._pending = new Set(processes.map((_, i) => i));
  }
  pids(): number[] { return this.processes.map((p) => p.pid!); }

  private async _joinAll(timeout: number): Promise<void> {
    await waitUpTo(Promise.all(this.processes.map((p) => p.join())), timeout);
  }

  /**
   * Waits up to `timeout` seconds (null: until one ends) for a process to end. Resolves true when
   * all have ended with 0, false while some run; when one failed, ends the others (SIGTERM, then
   * SIGKILL after `grace_period` or 30 s) and rejects with ProcessRaisedException or ProcessExitedException.
   */
  async join(...args: [timeout?: number | null | { timeout?: number | null; grace_period?: number | null }, grace_period?: number | null]): Promise<boolean> {
    const sig = V.mp_join_grace_period ? [["timeout", null], ["grace_period", null]] as const : [["timeout", null]] as const;
    const [timeout, grace_period] = bindArgs("join", sig, args) as [number | null, number | null | undefined];
    if (this._never) return new Promise(() => {});
    if (this._pending.size === 0) return true;

    // multiprocessing.connection.wait: the processes that have ended, waiting for one if none has
    const ended = () => [...this._pending].filter((i) => this.processes[i].exitcode !== null);
    if (ended().length === 0 && (timeout === null || timeout > 0)) {
      await waitUpTo(Promise.race([...this._pending].map((i) => this.processes[i].join())), timeout);
    }
    let error_index: number | null = null;
    for (const i of ended()) {
      this._pending.delete(i);
      if (this.processes[i].exitcode !== 0) { error_index = i; break; }
    }
    if (error_index === null) return this._pending.size === 0;

    // One failed: end the others, gracefully first.
    if (grace_period != null) await this._joinAll(grace_period);
    for (const p of this.processes) {
      if (p.is_alive()) {
        logWarning(165, `Terminating process ${p.pid} via signal SIGTERM`);
        p.terminate();
      }
    }
    if (V.mp_join_sigkill) {
      await this._joinAll(grace_period ?? 30);
      for (const p of this.processes) {
        if (p.is_alive()) {
          logWarning(177, `Unable to shutdown process ${p.pid} via SIGTERM , forcefully exiting via SIGKILL`);
          p.kill();
        }
      }
    }
    await Promise.all(this.processes.map((p) => p.join()));

    // The error file exists only when fn threw.
    const failed = this.processes[error_index], file = this.error_files[error_index];
    let trace: string | null = null;
    try { trace = fs.readFileSync(file, "utf8"); fs.unlinkSync(file); } catch { /* no traceback: it exited */ }
    if (trace === null) {
      const code = failed.exitcode!;
      if (code < 0) {
        const name = Object.entries(os.constants.signals).find(([, n]) => n === -code)?.[0] ?? `<Unknown signal ${-code}>`;
        throw new ProcessExitedException(`process ${error_index} terminated with signal ${name}`, error_index, failed.pid!, code, name);
      }
      throw new ProcessExitedException(`process ${error_index} terminated with exit code ${code}`, error_index, failed.pid!, code);
    }
    throw new ProcessRaisedException(`\n\n-- Process ${error_index} terminated with the following error:\n${trace}`, error_index, failed.pid!);
  }
  toString(): string { return objectRepr(this); }
}

/** The name ProcessContext had before 1.4; deprecated. */
export class SpawnContext extends ProcessContext {
  constructor(processes: SpawnProcess[], error_files: string[]) {
    warn("SpawnContext is renamed to ProcessContext since 1.4 release.");
    super(processes, error_files);
  }
}

const lineCache = new Map<string, string[] | null>();
function sourceLine(file: string, line: number): string | null {
  if (!lineCache.has(file)) {
    try { lineCache.set(file, fs.readFileSync(file, "utf8").split("\n")); } catch { lineCache.set(file, null); }
  }
  return lineCache.get(file)?.[line - 1]?.trim() || null;
}

/** Python's traceback.format_exc() of a JavaScript error: frames from _wrap in to the throw, innermost last. */
export function formatException(e: unknown): string {
  if (!(e instanceof Error)) return `${typeof e === "string" ? e : JSON.stringify(e) ?? String(e)}\n`;
  let out = "";
  if (e.cause instanceof Error) out = formatException(e.cause) + "\nThe above exception was the direct cause of the following exception:\n\n";
  const frames: string[] = [];
  for (const l of (e.stack ?? "").split("\n")) {
    const m = /^\s+at (?:(.+?) \((.+):(\d+):\d+\)|(.+):(\d+):\d+)$/.exec(l);
    if (!m) continue;
    const file = (m[2] ?? m[4]).replace(/^file:\/\//, ""), line = Number(m[3] ?? m[5]);
    if (file.startsWith("node:")) continue;
    const name = (m[1] ?? "<module>").replace(/^async /, "").replace(/^Object\.<anonymous>$/, "<module>");
    const src = sourceLine(file, line);
    frames.push(`  File "${file}", line ${line}, in ${name}\n${src ? `    ${src}\n` : ""}`);
    if (name === "_wrap") break;
  }
  if (frames.length) out += "Traceback (most recent call last):\n" + frames.reverse().join("");
  return out + (e.message ? `${e.name}: ${e.message}` : e.name) + "\n";
}

// set while a spawned child runs fn, to refuse spawn calls made from inside it
const inFn = new AsyncLocalStorage<boolean>();

/** The child's side of its spawn call: fn(i, ...args), then the end of the process. */
async function _wrap(fn: (i: number, ...a: any[]) => unknown, i: number, args: unknown[], error_file: string): Promise<never> {
  // Python's children get SIGINT when the parent dies (prctl PR_SET_PDEATHSIG): the same, by polling.
  const parent = process.ppid;
  setInterval(() => { if (process.ppid !== parent) process.kill(process.pid, "SIGINT"); }, 500).unref();
  try {
    await inFn.run(true, () => fn(i, ...args));
  } catch (e) {
    fs.writeFileSync(error_file, formatException(e));
    process.exit(1);
  }
  process.exit(0);
}

// A child whose script ends without reaching its spawn call (one made only under some condition,
// or only in the parent) ran nothing of fn: say so, and fail, as Python's child fails to find fn.
const st0 = mpState();
if (st0.child !== null) {
  const call = st0.child.call;
  process.once("beforeExit", () => {
    if (st0.reached) return;
    process.stderr.write(`RuntimeError: this process was spawned to run fn at the script's start_processes call #${call + 1}, but the script ended after ${st0.calls} call(s)\n`);
    process.exitCode = 1;
  });
}

const METHODS = ["fork", "spawn", "forkserver"];
// start_processes' and spawn's parameters, as Python names them
const START_SIG = [["fn"], ["args", []], ["nprocs", 1], ["join", true], ["daemon", false], ["start_method", "spawn"]] as const;
type Fn<A extends unknown[]> = (i: number, ...args: A) => unknown;
interface StartOptions<A extends unknown[]> { fn?: Fn<A>; args?: A; nprocs?: number; join?: boolean; daemon?: boolean; start_method?: string }

/**
 * torch.multiprocessing.start_processes: starts `nprocs` processes that each run fn(i, ...args).
 * With join (the default) returns a Promise that resolves when all ended with 0 and rejects as
 * ProcessContext.join does; else the ProcessContext. Every start method starts processes the
 * "spawn" way (Node cannot fork).
 */
export function start_processes<A extends unknown[]>(fn: Fn<A>, options: StartOptions<A> & { join: false }): ProcessContext;
export function start_processes<A extends unknown[]>(fn: Fn<A>, args: A, nprocs: number, join: false, daemon?: boolean, start_method?: string): ProcessContext;
export function start_processes<A extends unknown[]>(fn: Fn<A>, args?: A | StartOptions<A>, nprocs?: number | StartOptions<A>, join?: boolean | StartOptions<A>, daemon?: boolean | StartOptions<A>, start_method?: string | StartOptions<A>): Promise<void>;
export function start_processes(...a: unknown[]): Promise<void> | ProcessContext {
  const [fn, args, nprocs, join, daemon, start_method] = bindArgs("start_processes",
    START_SIG, a) as [Fn<unknown[]>, unknown[], number, boolean, boolean, string];
  if (!METHODS.includes(start_method)) throw valueError(`cannot find context for '${start_method}'`);
  const st = mpState();
  const call = st.calls++;
  const mark = st.child;
  if (mark !== null) {
    // In a spawned child: the calls the parent made before its own return at once; its own runs fn
    // and ends the process; later ones (only reached when a call is not awaited) do nothing.
    if (call < mark.call) return join ? Promise.resolve() : new ProcessContext([], []);
    if (call === mark.call) { st.reached = true; void _wrap(fn, mark.rank, [...args], mark.error_file); }
    // its children would re-run the script and never reach a call made inside fn
    else if (inFn.getStore()) throw Object.assign(new Error("start_processes inside a spawned process's fn is not supported"), { name: "RuntimeError" });
    if (!join) return Object.assign(new ProcessContext([], []), { _never: true });
    return new Promise(() => {});
  }
  if (process.argv[1] === undefined) throw Object.assign(new Error("start_processes needs a script: a spawned process re-runs the main script up to this call"), { name: "RuntimeError" });

  const processes: SpawnProcess[] = [], error_files: string[] = [];
  for (let i = 0; i < nprocs; i++) {
    // The child writes its traceback to this file, so that it exists only when fn threw.
    const error_file = `${os.tmpdir()}/pytorch-errorfile-${crypto.randomBytes(6).toString("hex")}.txt`;
    const identity = [++st.counter];
    const p = new SpawnProcess(`SpawnProcess-${identity.join(":")}`, daemon, process.pid);
    const m: ChildMark = { call, rank: i, error_file, identity, daemon, parent: process.pid, parent_name: "MainProcess" };
    p._start(m);
    processes.push(p);
    error_files.push(error_file);
  }
  const context = new ProcessContext(processes, error_files);
  if (!join) return context;
  return (async () => { while (!(await context.join())); })();
}

/**
 * torch.multiprocessing.spawn(fn, { args, nprocs, join, daemon, start_method }): start_processes
 * with the "spawn" start method (another start_method warns and is ignored).
 */
export function spawn<A extends unknown[]>(fn: Fn<A>, options: StartOptions<A> & { join: false }): ProcessContext;
export function spawn<A extends unknown[]>(fn: Fn<A>, args: A, nprocs: number, join: false, daemon?: boolean, start_method?: string): ProcessContext;
export function spawn<A extends unknown[]>(fn: Fn<A>, args?: A | StartOptions<A>, nprocs?: number | StartOptions<A>, join?: boolean | StartOptions<A>, daemon?: boolean | StartOptions<A>, start_method?: string | StartOptions<A>): Promise<void>;
export function spawn(...a: unknown[]): Promise<void> | ProcessContext {
  const [fn, args, nprocs, join, daemon, start_method] = bindArgs("spawn",
    START_SIG, a) as [Fn<unknown[]>, unknown[], number, boolean, boolean, string];
  if (start_method !== "spawn") {
    warn(`This method only supports start_method=spawn (got: ${start_method}).\nTo use a different start_method use:\n\t\t torch.multiprocessing.start_processes(...)`,
      V.mp_join_grace_period ? "FutureWarning" : "UserWarning");
  }
  return start_processes(fn, args, nprocs, join as false, daemon, "spawn") as ProcessContext | Promise<void>;
}
