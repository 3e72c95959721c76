// What the side-by-side benchmarks share: Debian's Python (the one with torch), the median,
// and the time of one call.
import fs from "node:fs";

export const PYTHON = fs.existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
export const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
/** Microseconds per call of f over n calls, after `warm` calls of warm-up. */
export function usPerCall(f: () => unknown, n: number, warm: number): number {
  for (let i = 0; i < warm; i++) f();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f();
  return (performance.now() - t0) / n * 1000;
}
