// Runs an example as a user does (tsx, its command line), with "torch-node" mapped to lib/
// so the suite tests the sources rather than a possibly stale build.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PYTHON } from "../helpers/python";

const ROOT = path.resolve(__dirname, "../..");
export const DATA = path.join(ROOT, "data");

export function runExample(file: string, args: string[]): string {
  return execFileSync(path.join(ROOT, "node_modules/.bin/tsx"), [path.join(ROOT, "examples", file), ...args], {
    cwd: ROOT,
    env: { ...process.env, TSX_TSCONFIG_PATH: path.join(ROOT, "test/examples/tsconfig.json"), TQDM_DISABLE: "1" },
    maxBuffer: 64 << 20,
  }).toString();
}

export function runPython(code: string): string {
  return execFileSync(PYTHON, ["-c", code], { cwd: ROOT, maxBuffer: 64 << 20 }).toString();
}

export function tmpdir(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `tn-${name}-`));
}

/** The "loss[epoch,batch] = value" lines an example prints with --print-loss, in order. */
export function losses(out: string): [string, number][] {
  return [...out.matchAll(/^loss\[(\d+,\d+)\] = (\S+)$/gm)].map(([, k, v]) => [k, Number(v)]);
}
