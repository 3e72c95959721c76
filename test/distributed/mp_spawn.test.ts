// torch.multiprocessing.spawn: one script (fixtures/mp_spawn.ts) that spawns a gloo group, children
// that throw, exit with 3 or die by SIGKILL, and one daemonic child without join, against the same
// scenarios under Python's torch.multiprocessing.spawn (a module file run by the reference Python).
import { describe, it, expect, beforeAll } from "vitest";
import { spawn as spawnChild } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import torch from "torch-node";
import { worker, type Result } from "./_launch";
import { py, PYTHON, PY_ERR } from "../helpers/python";

const PY_SCENARIOS = `
import json, os, sys, time
import torch.multiprocessing as mp

def say(**o): print(json.dumps(dict(pid=os.getpid(), **o)), flush=True)

def fail(rank, mode):
    if mode == "kill": os.kill(os.getpid(), 9)
    if rank == 0:
        time.sleep(20)
        return
    time.sleep(0.01)
    if mode == "raise": raise Exception(f"boom {rank}")
    if mode == "exit": sys.exit(3)

def one(rank, tag):
    say(who="one", rank=rank, tag=tag, current=repr(mp.current_process()), parent=repr(mp.parent_process()))

def kind(v): return "number" if isinstance(v, int) else "undefined"
def caught(e):
    return dict(type=type(e).__name__, module=type(e).__module__, msg=str(e), error_index=e.error_index,
                error_pid=kind(getattr(e, "error_pid", None)), pid=kind(getattr(e, "pid", None)),
                exit_code=getattr(e, "exit_code", None), signal_name=getattr(e, "signal_name", None))

if __name__ == "__main__":
    say(who="top", main=True, name=mp.current_process().name, parent=None, repr=repr(mp.current_process()))
    for mode in ["raise", "exit", "kill"]:
        try:
            mp.spawn(fail, (mode,), 1 if mode == "kill" else 2)
            say(who="parent", mode=mode, error=None)
        except Exception as e:
            say(who="parent", mode=mode, error=caught(e))
    ctx = mp.spawn(one, ("x",), 1, False, True)
    pids = ctx.pids()
    rounds = 0
    while not ctx.join(30): rounds += 1
    say(who="parent", join_false=dict(pids=pids, rounds=rounds, repr=repr(ctx.processes[0]), again=ctx.join(), ctx=repr(ctx)))
`;

function runPython(code: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tn-mp-"));
  const file = path.join(dir, "mp_spawn.py");
  fs.writeFileSync(file, code);
  return new Promise((resolve) => {
    const p = spawnChild(PYTHON, [file], { env: { ...process.env, OMP_NUM_THREADS: "1" } });
    let stdout = "", stderr = "";
    p.stdout.on("data", (d) => { stdout += d; });
    p.stderr.on("data", (d) => { stderr += d; });
    p.on("close", (c) => { fs.rmSync(dir, { recursive: true, force: true }); resolve({ code: c, stdout, stderr }); });
  });
}

const lines = (s: string) => s.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
// reprs without the pids and the process counter, which differ between runs
const norm = (s: string) => s.replace(/pid=\d+/g, "pid=N").replace(/parent=\d+/g, "parent=N").replace(/Process-\d+/g, "Process-N").replace(/0x[0-9a-f]+/g, "0x");
// a traceback's shape: its text without frames, and the frames' function names
function traceShape(msg: string) {
  const text = msg.split("\n").filter((l) => !l.startsWith("  ")), frames = [...msg.matchAll(/^ {2}File ".*", line \d+, in (.+)$/gm)].map((m) => m[1]);
  return { text, frames };
}
// torch's log lines ("W1203 16:02:45.394000 4241 torch/multiprocessing/spawn.py:165] ...")
const logs = (stderr: string) => stderr.split("\n").filter((l) => /^W\d{4} /.test(l))
  .map((l) => l.replace(/^W\d{4} \d\d:\d\d:\d\d\.\d{6} \d+ /, "W ").replace(/process \d+/, "process N"));

describe("torch.multiprocessing.spawn", () => {
  let node: Result, python: { code: number | null; stdout: string; stderr: string };
  let out: any[], ref: any[], parentPid: number;
  beforeAll(async () => {
    [node, python] = await Promise.all([worker("fixtures/mp_spawn.ts", {}, { timeout_ms: 110_000 }), runPython(PY_SCENARIOS)]);
    expect(node.code, node.stderr).toBe(0);
    expect(python.code, python.stderr).toBe(0);
    out = lines(node.stdout);
    ref = lines(python.stdout);
    parentPid = out.find((o) => o.who === "top" && o.main).pid;
  }, 120_000);
  const parent = (o: any[], key: string, value?: string) => o.find((x) => x.who === "parent" && key in x && (value === undefined || x[key] === value));

  it("two ranks initialise a gloo group and all_reduce, with their rank and the parent's args", () => {
    const train = out.filter((o) => o.who === "train").sort((a, b) => a.rank - b.rank);
    expect(train.map((o) => [o.rank, o.world_size, o.sum, o.name, o.parent])).toEqual([
      [0, 2, [3, 30], "SpawnProcess-1", parentPid], [1, 2, [3, 30], "SpawnProcess-2", parentPid]]);
    expect(new Set(train.map((o) => o.pid)).size).toBe(2);
    expect(parent(out, "after")).toBeTruthy();
  });

  it("each child re-runs the script up to its spawn call and runs only fn there", () => {
    const tops = out.filter((o) => o.who === "top"), children = tops.filter((o) => !o.main);
    // 2 + 2 + 2 + 1 + 1 children, numbered as Python numbers them (a child terminated while it
    // loads prints nothing; those that run fn print their line)
    const names = children.map((o) => o.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.every((n) => /^SpawnProcess-[1-8]$/.test(n))).toBe(true);
    for (const o of out.filter((x) => x.who === "train" || x.who === "one")) expect(children.find((c) => c.pid === o.pid)?.name).toBe(o.name);
    expect(children.every((o) => o.parent === parentPid)).toBe(true);
    expect(new Set(out.map((o) => o.pid)).size).toBe(tops.length);
    // no child went on past its call (nor started processes of its own)
    expect(out.filter((o) => o.who === "parent").every((o) => o.pid === parentPid)).toBe(true);
    expect(norm(tops.find((o) => o.main).repr)).toBe(ref[0].repr);
  });

  it("a child whose async fn throws: ProcessRaisedException with its traceback", () => {
    const e = parent(out, "mode", "raise").error, r = parent(ref, "mode", "raise").error;
    const { msg, ...rest } = e, { msg: rmsg, ...rrest } = r;
    expect(rest).toEqual(rrest);
    expect(e.type).toBe("ProcessRaisedException");
    const [s, rs] = [traceShape(msg), traceShape(rmsg)];
    // Python's "Exception: boom 1" is JavaScript's "Error: boom 1"
    expect(s.text).toEqual(rs.text.map((l) => l.replace(/^Exception:/, "Error:")));
    expect(s.frames).toEqual(rs.frames);
    expect(msg).toMatch(/^\n\n-- Process 1 terminated with the following error:\nTraceback \(most recent call last\):\n/);
    expect(msg).toContain('throw new Error(`boom ${rank}`);');
  });

  it("process.exit(3) and SIGKILL in a child: ProcessExitedException", () => {
    for (const mode of ["exit", "kill"]) expect(parent(out, "mode", mode).error).toEqual(parent(ref, "mode", mode).error);
    expect(parent(out, "mode", "exit").error.msg).toBe("process 1 terminated with exit code 3");
    expect(parent(out, "mode", "kill").error.msg).toBe("process 0 terminated with signal SIGKILL");
  });

  it("join: false, nprocs 1, daemon: ProcessContext, pids, join(timeout), the processes' reprs", () => {
    const [j, rj] = [parent(out, "join_false").join_false, parent(ref, "join_false").join_false];
    expect(j.pids).toEqual([out.find((o) => o.who === "one").pid]);
    expect([j.rounds, j.again, norm(j.repr), norm(j.ctx)]).toEqual([rj.rounds, rj.again, norm(rj.repr), norm(rj.ctx)]);
    const [o, ro] = [out.find((x) => x.who === "one"), ref.find((x) => x.who === "one")];
    expect([o.rank, o.tag, norm(o.current), o.parent]).toEqual([ro.rank, ro.tag, norm(ro.current), ro.parent]);
  });

  it("the parent logs the children it terminates, as torch's logger does", () => {
    expect(logs(node.stderr)).toEqual(logs(python.stderr));
  });

  it("bad arguments, join's grace_period, the exceptions' fields", async () => {
    const mp = torch.multiprocessing;
    const f = () => undefined;
    const ref = py(`${PY_ERR}
import torch.multiprocessing as mp
from torch.multiprocessing.spawn import ProcessContext, ProcessExitedException, ProcessRaisedException
def f(i): pass
def fields(e): return [type(e).__name__, str(e), e.error_index, getattr(e, "error_pid", None), getattr(e, "pid", None), getattr(e, "exit_code", None), getattr(e, "signal_name", None)]
def grace():
    try: return ProcessContext([], []).join(grace_period=1)
    except TypeError as e: return err(lambda: ProcessContext([], []).join(grace_period=1))
out = [err(lambda: mp.start_processes(f, start_method="bogus")), err(lambda: mp.spawn(f, nproc=2)), err(lambda: mp.spawn()),
       fields(ProcessExitedException("m", 1, 42, -9, "SIGKILL")), fields(ProcessRaisedException("r", 0, 7)), grace(), ProcessContext([], []).join(0)]`);
    const err = (g: () => unknown) => { try { g(); return null; } catch (e) { return [(e as Error).name, (e as Error).message]; } };
    const fields = (e: any) => [e.name, e.message, e.error_index, e.error_pid ?? null, e.pid ?? null, e.exit_code ?? null, e.signal_name ?? null];
    const grace = await new mp.ProcessContext([], []).join({ grace_period: 1 }).catch((e: Error) => [e.name, e.message]);
    expect([
      err(() => mp.start_processes(f, { start_method: "bogus" })),
      err(() => mp.spawn(f, { nproc: 2 } as never)),
      err(() => (mp.spawn as (...a: unknown[]) => unknown)()),
      fields(new mp.ProcessExitedException("m", 1, 42, -9, "SIGKILL")),
      fields(new mp.ProcessRaisedException("r", 0, 7)),
      grace,
      await new mp.ProcessContext([], []).join(0),
    ]).toEqual(ref);
  });
});
