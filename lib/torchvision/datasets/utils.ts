// torchvision.datasets.utils: integrity checks, downloads (synchronous, as Python's), gzip extraction.
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import zlib from "node:zlib";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { atomicWrite } from "../../_io";

export function calculate_md5(fpath: string): string {
  return crypto.createHash("md5").update(fs.readFileSync(fpath)).digest("hex");
}

export function check_md5(fpath: string, md5: string): boolean { return md5 === calculate_md5(fpath); }

export function check_integrity(fpath: string, md5?: string | null): boolean {
  if (!fs.existsSync(fpath) || !fs.statSync(fpath).isFile()) return false;
  if (md5 == null) return true;
  return check_md5(fpath, md5);
}

// Runs in a child process so that the download is synchronous like Python's; prints progress to stderr.
const FETCH_SCRIPT = `
const fs = require("fs");
const [url, out] = process.argv.slice(1);
(async () => {
  const res = await fetch(url, { signal: AbortSignal.timeout(60000), headers: { "User-Agent": "torch-node" } });
  if (!res.ok) throw new Error("HTTP Error " + res.status + ": " + res.statusText);
  const total = Number(res.headers.get("content-length")) || 0;
  const fd = fs.openSync(out, "w");
  let got = 0, last = -1;
  for await (const chunk of res.body) {
    fs.writeSync(fd, chunk);
    got += chunk.length;
    const pct = total ? Math.floor((100 * got) / total) : -1;
    if (pct !== last) { last = pct; process.stderr.write("\\r" + (total ? pct + "% " : "") + got + (total ? "/" + total : "") + " bytes"); }
  }
  fs.closeSync(fd);
  process.stderr.write("\\n");
})().catch((e) => { process.stderr.write("\\n"); console.error(String(e && e.cause ? e.cause.message || e.cause : e && e.message || e)); process.exit(1); });
`;

// Files appear whole or not at all: tests and programs may fill one root at the same time.
export function atomicCopy(src: string, dst: string): void {
  atomicWrite(dst, (sink) => sink(fs.readFileSync(src)));
}

/** Downloads `url` (http(s) or file://) to root/filename; checks the md5 and removes a bad file. */
export function download_url(url: string, root: string, filename?: string | null, md5?: string | null): void {
  const fpath = path.join(root, filename ?? path.basename(new URL(url).pathname));
  fs.mkdirSync(root, { recursive: true });
  if (check_integrity(fpath, md5)) { console.log(`Using downloaded and verified file: ${fpath}`); return; }
  console.log(`Downloading ${url} to ${fpath}`);
  if (url.startsWith("file:")) {
    atomicCopy(fileURLToPath(url), fpath);
  } else {
    const r = spawnSync(process.execPath, ["-e", FETCH_SCRIPT, url, fpath], { stdio: ["ignore", "inherit", "pipe"], encoding: "utf8" });
    if (r.stderr) process.stderr.write(r.stderr.split("\n").filter((l) => !/^Error|^[A-Za-z]/.test(l)).join("\n"));
    if (r.status !== 0) {
      try { fs.rmSync(fpath, { force: true }); } catch { /* nothing to remove */ }
      const why = (r.stderr || "").trim().split("\n").filter((l) => /^[A-Za-z]/.test(l)).pop() ?? "unknown error";
      const e = new Error(`<urlopen error ${why}>`);
      e.name = "URLError";
      throw e;
    }
  }
  if (md5 != null && !check_md5(fpath, md5)) {
    const got = calculate_md5(fpath);
    fs.rmSync(fpath, { force: true });
    throw new Error(`File not found or corrupted: ${fpath} has md5 ${got}, expected ${md5}; the file was removed.`);
  }
}

/** Decompresses a .gz file next to itself (or to `to_path`); a corrupt or truncated archive names the file. */
export function extract_gzip(from_path: string, to_path?: string, remove_finished = false): string {
  const out = to_path ?? from_path.replace(/\.gz$/, "");
  let data: Buffer;
  try {
    data = zlib.gunzipSync(fs.readFileSync(from_path));
  } catch (e: any) {
    throw new Error(`${from_path}: not a valid gzip file (${e.message})`);
  }
  atomicWrite(out, (sink) => sink(data));
  if (remove_finished) fs.rmSync(from_path);
  return out;
}

export function download_and_extract_archive(url: string, download_root: string, extract_root?: string | null, filename?: string | null, md5?: string | null, remove_finished = false): void {
  const name = filename ?? path.basename(new URL(url).pathname);
  download_url(url, download_root, name, md5);
  const archive = path.join(download_root, name);
  if (archive.endsWith(".gz")) extract_gzip(archive, path.join(extract_root ?? download_root, name.replace(/\.gz$/, "")), remove_finished);
}
