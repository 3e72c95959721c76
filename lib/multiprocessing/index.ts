// torch.multiprocessing: what a port reads (cpu_count, the start method) and spawn, which starts
// processes as Python's "spawn" start method does (spawn.ts). Processes that share tensors are
// Node's worker_threads here (docs/porting.md), which share one libtorch.
import os from "node:os";
import { spawn, start_processes, ProcessContext, SpawnContext, ProcessException, ProcessRaisedException, ProcessExitedException } from "./spawn";
import { current_process, parent_process } from "./process";

export { spawn, start_processes, ProcessContext, SpawnContext, ProcessException, ProcessRaisedException, ProcessExitedException, current_process, parent_process };

const METHODS = ["fork", "spawn", "forkserver"];
let method: string | null = null;

/** Python's os.cpu_count(): every CPU of the machine. */
export function cpu_count(): number { return os.cpus().length; }
export function get_all_start_methods(): string[] { return METHODS.slice(); }
/** Linux's default, "fork", until set_start_method; allow_none gives null before then. */
export function get_start_method(allow_none: boolean | { allow_none?: boolean } = false): string | null {
  const none = typeof allow_none === "boolean" ? allow_none : allow_none.allow_none ?? false;
  if (method === null && !none) method = "fork";
  return method;
}
export function set_start_method(m: string | null, force: boolean | { force?: boolean } = false): void {
  const f = typeof force === "boolean" ? force : force.force ?? false;
  if (method !== null && !f) throw Object.assign(new Error("context has already been set"), { name: "RuntimeError" });
  if (m !== null && !METHODS.includes(m)) throw Object.assign(new Error(`cannot find context for '${m}'`), { name: "ValueError" });
  method = m;
}
export function get_sharing_strategy(): string { return "file_descriptor"; }
export function get_all_sharing_strategies(): Set<string> { return new Set(["file_descriptor", "file_system"]); }

export const multiprocessing = {
  cpu_count, get_all_start_methods, get_start_method, set_start_method, get_sharing_strategy, get_all_sharing_strategies,
  spawn, start_processes, ProcessContext, SpawnContext, ProcessException, ProcessRaisedException, ProcessExitedException,
  current_process, parent_process,
};
export default multiprocessing;
