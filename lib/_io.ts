// Writing a file so that a crash or an error never leaves half of it behind
// (checkpoints, safetensors, dataset files).
import fs from "node:fs";
import path from "node:path";

/** Calls `write(sink)` into a temporary file in the target's folder, then renames it over `target`. */
export function atomicWrite(target: string, write: (sink: (chunk: Uint8Array) => void) => void): void {
  const dir = path.dirname(path.resolve(target));
  // Python's check and words, naming the user's folder rather than a temporary file.
  if (!fs.existsSync(dir)) {
    const e = new Error(`Parent directory ${path.dirname(target)} does not exist.`);
    e.name = "RuntimeError";
    throw e;
  }
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  const fd = fs.openSync(tmp, "wx", 0o666);
  let ok = false;
  try {
    write((c) => {
      let done = 0;
      while (done < c.length) done += fs.writeSync(fd, c, done, c.length - done);
    });
    fs.fsyncSync(fd);
    ok = true;
  } finally {
    fs.closeSync(fd);
    if (!ok) try { fs.unlinkSync(tmp); } catch { /* already gone */ }
  }
  try {
    fs.renameSync(tmp, target);
  } catch (e) {
    try { fs.unlinkSync(tmp); } catch { /* already gone */ }
    throw e;
  }
}
