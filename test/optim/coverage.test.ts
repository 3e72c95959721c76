// scripts/coverage-table.mjs against the linked Python: every public name of torch.nn (modules),
// torch.nn.functional, torch.nn.init, torch.nn.utils, torch.optim and torch.optim.lr_scheduler is
// in torch-node, or left out with a reason kept in the script.
import { describe, it, expect, beforeAll } from "vitest";
import { execFileSync } from "node:child_process";
import path from "node:path";

let cov: { version: string; table: Record<string, { name: string; present: boolean; reason: string }[]> };
beforeAll(() => {
  const script = path.resolve(__dirname, "../../scripts/coverage-table.mjs");
  cov = JSON.parse(execFileSync(process.execPath, [script, "--json"], { encoding: "utf8", maxBuffer: 64 << 20 }));
}, 120_000);

describe("nn and optim coverage", () => {
  it("reads each namespace of the linked Python", () => {
    for (const ns of ["torch.nn", "torch.nn.functional", "torch.nn.init", "torch.nn.utils", "torch.optim", "torch.optim.lr_scheduler"])
      expect(cov.table[ns].length).toBeGreaterThan(0);
    expect(cov.table["torch.optim"].find((r) => r.name === "SGD")?.present).toBe(true);
  });
  it("every name Python has is in torch-node or has a reason in the script", () => {
    const missing = Object.entries(cov.table).flatMap(([ns, rows]) => rows.filter((r) => !r.present && !r.reason).map((r) => `${ns}.${r.name}`));
    expect(missing).toEqual([]);
  });
  it("a reason is given only for a name torch-node lacks", () => {
    const stale = Object.entries(cov.table).flatMap(([ns, rows]) => rows.filter((r) => r.present && r.reason).map((r) => `${ns}.${r.name}`));
    expect(stale).toEqual([]);
  });
});
