// Tick placement and labels as matplotlib's AutoLocator (MaxNLocator, steps
// [1, 2, 2.5, 5, 10]) and ScalarFormatter choose them (matplotlib/ticker.py).

// MaxNLocator._extended_steps: a decade below and above the plain steps.
const EXTENDED = [0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20];

function scaleRange(vmin: number, vmax: number, n: number): [number, number] {
  const dv = Math.abs(vmax - vmin);
  const meanv = (vmax + vmin) / 2;
  let offset = 0;
  if (Math.abs(meanv) / dv >= 100) offset = Math.sign(meanv) * 10 ** Math.floor(Math.log10(Math.abs(meanv)));
  const scale = 10 ** Math.floor(Math.log10(dv / n));
  return [scale, offset];
}

function closeTo(ms: number, edge: number, step: number, offset: number): boolean {
  // _Edge_integer.closeto: tolerance grows with the offset's size relative to the step.
  const tol = offset > 0 ? Math.max(1e-10, 10 ** (Math.log10(offset / step) - 12)) : 1e-10;
  return Math.abs(ms - edge) < tol;
}

/** MaxNLocator(nbins, steps=[1, 2, 2.5, 5, 10]).tick_values(vmin, vmax); may extend past the limits. */
export function tickValues(vmin: number, vmax: number, nbins: number, minTicks = 2): number[] {
  if (vmax < vmin) [vmin, vmax] = [vmax, vmin];
  if (!(vmax - vmin > 0)) { const d = vmin === 0 ? 1 : Math.abs(vmin) * 0.05; vmin -= d; vmax += d; }
  const [scale, offset] = scaleRange(vmin, vmax, nbins);
  const lo = vmin - offset, hi = vmax - offset;
  const steps = EXTENDED.map((s) => s * scale);
  const rawStep = (hi - lo) / nbins;
  let istep = steps.findIndex((s) => s >= rawStep);
  if (istep < 0) istep = steps.length - 1;
  let ticks: number[] = [];
  for (let i = istep; i >= 0; i--) {
    const step = steps[i];
    const best = Math.floor(lo / step) * step;
    const le = (x: number) => { const d = Math.floor(x / step), m = x / step - d; return closeTo(m, 1, step, Math.abs(offset)) ? d + 1 : d; };
    const ge = (x: number) => { const d = Math.floor(x / step), m = x / step - d; return closeTo(m, 0, step, Math.abs(offset)) ? d : d + 1; };
    const low = le(lo - best), high = ge(hi - best);
    ticks = [];
    for (let k = low; k <= high; k++) ticks.push(k * step + best);
    const inside = ticks.filter((t) => t <= hi + 1e-12 * step && t >= lo - 1e-12 * step).length;
    if (inside >= minTicks) break;
  }
  return ticks.map((t) => cleanFloat(t + offset));
}

function cleanFloat(v: number): number {
  const r = Number(v.toPrecision(12));
  return Object.is(r, -0) ? 0 : r;
}


/** ScalarFormatter: one number of decimals for every label; an exponent when the magnitude calls for it. */
export function formatTicks(locs: number[]): { labels: string[]; offsetText: string } {
  if (!locs.length) return { labels: [], offsetText: "" };
  const maxAbs = Math.max(...locs.map(Math.abs));
  let oom = 0;
  if (maxAbs > 0) {
    const e = Math.floor(Math.log10(maxAbs));
    if (e >= 6 || e <= -5) oom = e; // rcParams["axes.formatter.limits"] = [-5, 6]
  }
  const scaled = locs.map((v) => v / 10 ** oom);
  let decimals = 0;
  for (; decimals < 12; decimals++) {
    if (scaled.every((v) => Math.abs(Number(v.toFixed(decimals)) - v) < 1e-9 * Math.max(1, Math.abs(v)))) break;
  }
  const labels = scaled.map((v) => {
    const s = (Math.abs(v) < 0.5 * 10 ** -decimals ? 0 : v).toFixed(decimals);
    return s.replace("-", "\u2212"); // matplotlib's Unicode minus
  });
  return { labels, offsetText: oom ? `1e${oom}`.replace("-", "\u2212") : "" };
}
