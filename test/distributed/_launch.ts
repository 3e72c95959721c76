// Starts a group of worker processes as torchrun would (RANK, WORLD_SIZE, MASTER_ADDR,
// MASTER_PORT on a free port): TypeScript workers under tsx with "torch-node" mapped to
// lib/, Python workers under the reference Python. Each worker prints one JSON line.
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { PYTHON } from "../helpers/python";

export const ROOT = path.resolve(__dirname, "../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Result { rank: number; code: number | null; signal: string | null; stdout: string; stderr: string; ms: number }

/** One worker: `file` is a .ts worker under test/distributed or a Python snippet (py: true). */
export function worker(file: string, env: Record<string, string>, opts: { py?: boolean; args?: string[]; timeout_ms?: number } = {}): Promise<Result> {
  const [cmd, argv] = opts.py ? [PYTHON, ["-c", file, ...(opts.args ?? [])]] : [TSX, [path.join(__dirname, file), ...(opts.args ?? [])]];
  const t0 = Date.now();
  return new Promise((resolve) => {
    const p = spawn(cmd, argv, {
      cwd: ROOT,
      env: { ...process.env, TSX_TSCONFIG_PATH: path.join(ROOT, "test/examples/tsconfig.json"), OMP_NUM_THREADS: "1", ...env },
    });
    let stdout = "", stderr = "";
    p.stdout.on("data", (d) => { stdout += d; });
    p.stderr.on("data", (d) => { stderr += d; });
    const timer = setTimeout(() => p.kill("SIGKILL"), opts.timeout_ms ?? 150_000);
    p.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ rank: Number(env.RANK), code, signal, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

/** `n` ranks of the same worker; kinds[i] "py" makes rank i a Python worker running `pyCode`. */
export async function group(file: string, n: number, opts: { env?: Record<string, string>; args?: string[]; kinds?: ("ts" | "py")[]; pyCode?: string; timeout_ms?: number } = {}): Promise<Result[]> {
  const port = await freePort();
  return Promise.all(Array.from({ length: n }, (_, rank) => {
    const env = { RANK: String(rank), WORLD_SIZE: String(n), LOCAL_RANK: String(rank), MASTER_ADDR: "127.0.0.1", MASTER_PORT: String(port), ...opts.env };
    const py = opts.kinds?.[rank] === "py";
    return worker(py ? opts.pyCode! : file, env, { py, args: opts.args, timeout_ms: opts.timeout_ms });
  }));
}

/** The last JSON line a worker printed (fails with its stderr when it failed). */
export function json(r: Result): any {
  if (r.code !== 0) throw new Error(`rank ${r.rank} exited with ${r.code ?? r.signal}:\n${r.stderr}`);
  const lines = r.stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]);
}
