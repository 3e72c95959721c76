// The typings stay in step with the runtime API: a sample written as a port would write
// it compiles cleanly, and misuse is rejected on exactly the marked lines.
import { describe, it, expect } from "vitest";
import ts from "typescript";
import path from "node:path";
import fs from "node:fs";

const root = path.resolve(__dirname, "../..");
const dir = path.join(__dirname, "typings");

function diagnostics(file: string) {
  const cfg = ts.readConfigFile(path.join(root, "tsconfig.json"), ts.sys.readFile);
  const opts = ts.parseJsonConfigFileContent(cfg.config, ts.sys, root).options;
  const program = ts.createProgram([file], { ...opts, noEmit: true });
  return ts.getPreEmitDiagnostics(program).filter((d) => d.file && path.resolve(d.file.fileName) === file);
}

describe("typings", () => {
  it("a ported script's uses of the API type-check", () => {
    const ds = diagnostics(path.join(dir, "port_sample.ts"));
    expect(ds.map((d) => `${d.start}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n").split("\n")[0]}`)).toEqual([]);
  }, 60_000);

  it("misuse is rejected: every @ts-expect-error in port_errors.ts meets an error", () => {
    const file = path.join(dir, "port_errors.ts");
    const expected = fs.readFileSync(file, "utf8").split("\n").filter((l) => l.includes("@ts-expect-error")).length;
    expect(expected).toBeGreaterThan(5);
    const ds = diagnostics(file);
    expect(ds.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n").split("\n")[0])).toEqual([]);
  }, 60_000);
});
