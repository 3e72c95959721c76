// DDP across two hosts: rank 0 and rank 1 in two network namespaces joined by a veth pair
// (private addresses on that link only), made and removed by the test. Needs root and
// iproute2; skipped with the reason where namespaces cannot be made.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { execFileSync, spawn } from "node:child_process";
import path from "node:path";
import { ROOT, worker, json, type Result } from "./_launch";

const tag = `tn${process.pid % 100000}`;
const NS = [`${tag}a`, `${tag}b`], DEV = [`${tag}va`, `${tag}vb`], ADDR = ["10.213.77.1", "10.213.77.2"];
const ip = (...args: string[]) => execFileSync("ip", args, { stdio: ["ignore", "pipe", "pipe"] });

let reason = "";
beforeAll(() => {
  if (process.getuid?.() !== 0) { reason = "not root: network namespaces need CAP_SYS_ADMIN"; return; }
  try {
    for (const n of NS) ip("netns", "add", n);
    ip("link", "add", DEV[0], "type", "veth", "peer", "name", DEV[1]);
    for (let i = 0; i < 2; i++) {
      ip("link", "set", DEV[i], "netns", NS[i]);
      ip("-n", NS[i], "addr", "add", `${ADDR[i]}/24`, "dev", DEV[i]);
      ip("-n", NS[i], "link", "set", DEV[i], "up");
      ip("-n", NS[i], "link", "set", "lo", "up");
    }
  } catch (e) {
    reason = `network namespaces cannot be made here: ${(e as Error).message.split("\n")[0]}`;
  }
});
afterAll(() => {
  for (const n of NS) try { ip("netns", "del", n); } catch { /* never made */ }
});

/** A worker in namespace `ns` (ip netns exec), as worker() runs one on this host. */
function inNamespace(ns: string, env: Record<string, string>, args: string[]): Promise<Result> {
  const TSX = path.join(ROOT, "node_modules/.bin/tsx");
  const t0 = Date.now();
  return new Promise((resolve) => {
    const p = spawn("ip", ["netns", "exec", ns, TSX, path.join(__dirname, "_ddp.ts"), ...args], {
      cwd: ROOT,
      env: { ...process.env, TSX_TSCONFIG_PATH: path.join(ROOT, "test/examples/tsconfig.json"), OMP_NUM_THREADS: "1", ...env },
    });
    let stdout = "", stderr = "";
    p.stdout.on("data", (d) => { stdout += d; });
    p.stderr.on("data", (d) => { stderr += d; });
    const timer = setTimeout(() => p.kill("SIGKILL"), 150_000);
    p.on("close", (code, signal) => { clearTimeout(timer); resolve({ rank: Number(env.RANK), code, signal, stdout, stderr, ms: Date.now() - t0 }); });
  });
}

describe("DistributedDataParallel across two hosts (network namespaces)", () => {
  it("gives the same weights as one process on the whole batch", async (ctx) => {
    if (reason) ctx.skip(reason);
    const env = (r: number) => ({ RANK: String(r), WORLD_SIZE: "2", LOCAL_RANK: "0", MASTER_ADDR: ADDR[0], MASTER_PORT: "29533", GLOO_SOCKET_IFNAME: DEV[r] });
    const [a, b, single] = await Promise.all([inNamespace(NS[0], env(0), ["ddp"]), inNamespace(NS[1], env(1), ["ddp"]),
      worker("_ddp.ts", { RANK: "0" }, { args: ["single"] })]);
    const [ra, rb, s] = [json(a), json(b), json(single)];
    expect(ra.params).toEqual(rb.params);
    const flat = (v: any): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v]);
    const pa = flat(ra.params), ps = flat(s.params);
    expect(pa.length).toBe(ps.length);
    for (let i = 0; i < pa.length; i++) expect(Math.abs(pa[i] - ps[i])).toBeLessThan(1e-6);
  }, 200_000);
});
