// Writing a file so that a crash or an error never leaves half of it behind
// (checkpoints, safetensors, dataset files), with the file semantics of Python's
// open(f, "wb"): a symlink is written through, a FIFO or device is written to,
// an existing file keeps its mode and its hard links.
import fs from "node:fs";
import path from "node:path";

const TMP_SUFFIX = ".tmp";
/** Temporary files of saves to `target`: `.<name>.<pid>.<random>.tmp` beside it. */
const tmpPrefix = (target: string) => `.${path.basename(target)}.`;

/** The file a path names once symlinks are followed (even a dangling one: Python creates its target). */
function resolveTarget(target: string): string {
  let p = path.resolve(target);
  for (let hops = 0; hops < 40; hops++) {
    let st: fs.Stats;
    try { st = fs.lstatSync(p); } catch { return p; }
    if (!st.isSymbolicLink()) return p;
    p = path.resolve(path.dirname(p), fs.readlinkSync(p));
  }
  const e = new Error(`[Errno 40] Too many levels of symbolic links: '${target}'`);
  e.name = "OSError";
  throw e;
}

function writeAll(fd: number, write: (sink: (chunk: Uint8Array) => void) => void): void {
  write((c) => {
    let done = 0;
    while (done < c.length) done += fs.writeSync(fd, c, done, c.length - done);
  });
}

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === "EPERM"; }
}

/** Removes the temporary files that saves to `dest` killed before their rename left behind. */
function removeStale(dest: string): void {
  const dir = path.dirname(dest), prefix = tmpPrefix(dest);
  let names: string[];
  try { names = fs.readdirSync(dir); } catch { return; }
  for (const n of names) {
    if (!n.startsWith(prefix) || !n.endsWith(TMP_SUFFIX)) continue;
    const m = /^(\d+)\.[a-z0-9]+$/.exec(n.slice(prefix.length, -TMP_SUFFIX.length));
    if (m === null || Number(m[1]) === process.pid || alive(Number(m[1]))) continue;
    try { fs.unlinkSync(path.join(dir, n)); } catch { /* another save removed it */ }
  }
}

function fsyncDir(dir: string): void {
  let fd: number;
  try { fd = fs.openSync(dir, "r"); } catch { return; }
  try { fs.fsyncSync(fd); } catch { /* not supported by this file system */ } finally { fs.closeSync(fd); }
}

/**
 * Calls `write(sink)` into a temporary file in the target's folder, flushes it to disk and
 * renames it over the target, so the target is either the old file or the whole new one.
 * The new file keeps an existing file's mode. A target that is not a regular file (a FIFO,
 * a device), or a file with other hard links, is written in place, as Python writes it.
 */
export function atomicWrite(target: string, write: (sink: (chunk: Uint8Array) => void) => void): void {
  const dest = resolveTarget(target);
  const dir = path.dirname(dest);
  // Python's check and words, naming the user's folder rather than a temporary file.
  if (!fs.existsSync(dir)) {
    const e = new Error(`Parent directory ${path.dirname(target)} does not exist.`);
    e.name = "RuntimeError";
    throw e;
  }
  let st: fs.Stats | null = null;
  try { st = fs.statSync(dest); } catch { /* a new file */ }
  if (st !== null && st.isDirectory()) {
    const e = new Error(`[Errno 21] Is a directory: '${target}'`);
    e.name = "IsADirectoryError";
    throw e;
  }
  if (st !== null && (!st.isFile() || st.nlink > 1)) {
    const fd = fs.openSync(dest, "w");
    try {
      writeAll(fd, write);
      if (st.isFile()) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    return;
  }
  removeStale(dest);
  const tmp = path.join(dir, `${tmpPrefix(dest)}${process.pid}.${Math.random().toString(36).slice(2)}${TMP_SUFFIX}`);
  const fd = fs.openSync(tmp, "wx", 0o666);
  let ok = false;
  try {
    if (st !== null) {
      fs.fchmodSync(fd, st.mode & 0o7777);
      try { fs.fchownSync(fd, st.uid, st.gid); } catch { /* only root may give a file away */ }
    }
    writeAll(fd, write);
    fs.fsyncSync(fd);
    ok = true;
  } finally {
    fs.closeSync(fd);
    if (!ok) try { fs.unlinkSync(tmp); } catch { /* already gone */ }
  }
  try {
    fs.renameSync(tmp, dest);
  } catch (e) {
    try { fs.unlinkSync(tmp); } catch { /* already gone */ }
    throw e;
  }
  fsyncDir(dir);
}
