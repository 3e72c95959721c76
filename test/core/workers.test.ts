// torch-node in worker_threads: every thread has its own tensors and handles, several
// threads run at once, and a Worker terminated in the middle of its work takes nothing
// with it (test/core/fixtures/workers.ts runs in a child process, so a crash fails here).
import { describe, it, expect } from "vitest";
import { execFileSync } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");
function run(mode: string): any {
  const out = execFileSync(TSX, [path.join(__dirname, "fixtures/workers.ts"), mode], {
    cwd: ROOT, env: { ...process.env, TSX_TSCONFIG_PATH: path.join(ROOT, "test/examples/tsconfig.json") }, timeout: 120_000,
  }).toString();
  return JSON.parse(out.trim().split("\n").pop()!);
}

describe("worker_threads", () => {
  it("runs in the main thread and three Workers at once, each with its own tensors", () => {
    const r = run("many");
    // Thread i's seeded work gives the same number wherever it runs.
    expect(r.workers[0]).toBe(r.main);
    expect(r.after).toBe(r.workers[1]);
    expect(new Set(r.workers).size).toBe(3);
  });
  it("survives Workers terminated in the middle of their ops", () => {
    const r = run("terminate");
    expect(r.after).toBe(r.main);
  });
  it("a tensor posted from a Worker is no tensor in the main thread (handles never cross)", () => {
    const r = run("posted");
    expect(r.isTensor).toBe(false);
    expect(r.error).toBe("TypeError");
    expect(r.mine).toEqual([7, 7, 7]);
  });
});
