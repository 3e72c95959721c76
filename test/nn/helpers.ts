// Shared assertions for the nn and optim tests.
import { expect } from "vitest";
import { num } from "../helpers/python";

/** Flattens nested arrays of numbers. */
export function flat(v: any): number[] {
  return Array.isArray(v) ? v.flatMap(flat) : [typeof v === "boolean" ? Number(v) : v];
}

/** |a - e| <= atol + rtol * |e| elementwise, same shape; `expected` may be a py() tensor result. */
export function expectClose(actual: any, expected: any, atol = 1e-6, rtol = 1e-6) {
  const exp = expected && typeof expected === "object" && "tensor" in expected ? expected.tensor : expected;
  const act = actual && typeof actual === "object" && typeof actual.tolist === "function" ? actual.tolist() : actual;
  const a = flat(act), e = flat(num(exp));
  expect(a.length).toBe(e.length);
  let worst = 0, at = -1;
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(e[i]) && Number.isNaN(a[i])) continue;
    const err = Math.abs(a[i] - e[i]) - rtol * Math.abs(e[i]);
    if (!(err <= atol) && (at < 0 || err > worst)) { worst = err; at = i; }
  }
  if (at >= 0) expect.fail(`element ${at}: ${a[at]} vs Python's ${e[at]} (|diff| ${Math.abs(a[at] - e[at])})`);
}

/** The shape of a py() tensor result must equal the tensor's shape. */
export function shapeOf(t: { shape: number[] }): number[] { return [...t.shape]; }
