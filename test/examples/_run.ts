// Runs an example as a user does (tsx, its command line), with "torch-node" mapped to lib/
// so the suite tests the sources rather than a possibly stale build.
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { PYTHON } from "../helpers/python";

const ROOT = path.resolve(__dirname, "../..");
export const DATA = path.join(ROOT, "data");

const TSX = path.join(ROOT, "node_modules/.bin/tsx");
const exampleArgv = (file: string, args: string[]) => [path.join(ROOT, "examples", file), ...args];
const EXAMPLE_OPTIONS = {
  cwd: ROOT,
  env: { ...process.env, TSX_TSCONFIG_PATH: path.join(ROOT, "test/examples/tsconfig.json"), TQDM_DISABLE: "1" },
  maxBuffer: 64 << 20,
};

export function runExample(file: string, args: string[]): string {
  return execFileSync(TSX, exampleArgv(file, args), EXAMPLE_OPTIONS).toString();
}

/** runExample and runPython without blocking, so the two can run side by side. */
export async function runExampleAsync(file: string, args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(TSX, exampleArgv(file, args), EXAMPLE_OPTIONS);
  return stdout;
}
export async function runPythonAsync(code: string): Promise<string> {
  const { stdout } = await promisify(execFile)(PYTHON, ["-c", code], { cwd: ROOT, maxBuffer: 64 << 20 });
  return stdout;
}

export function runPython(code: string): string {
  return execFileSync(PYTHON, ["-c", code], { cwd: ROOT, maxBuffer: 64 << 20 }).toString();
}

export function tmpdir(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `tn-${name}-`));
}

/** The "loss[epoch,batch] = value" lines an example prints with --print-loss, in order. */
export function losses(out: string): [string, number][] {
  return [...out.matchAll(/loss\[(\d+,\d+)\] = (\S+)$/gm)].map(([, k, v]) => [k, Number(v)]);
}

export function expectSameLosses(ts: string, py: string, n: number) {
  const a = losses(ts), b = losses(py);
  expect(b.length).toBe(n);
  expect(a.map(([k]) => k)).toEqual(b.map(([k]) => k));
  a.forEach(([, v], i) => expect(Math.abs(v - b[i][1])).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(b[i][1]))));
}
