// The zip container of torch.save files (CHECKPOINT-FORMAT.md §1).
//
// Implemented here rather than with an npm zip library: torch.load is synchronous,
// reads records by name through the central directory (local headers of PyTorch's
// files carry zero sizes and the CRC sits in data descriptors), must take ZIP64
// records, and torch.save must start every payload on a 64-byte boundary with
// PyTorch's "FB" padding extra field. The synchronous libraries (adm-zip, fflate)
// cannot pad extra fields for alignment, and yauzl/yazl are asynchronous.
import fs from "node:fs";
import zlib from "node:zlib";

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_EOCD64 = 0x06064b50;
const SIG_LOCATOR64 = 0x07064b50;
const U32_MAX = 0xffffffff;
const MAX_RECORD_BYTES = 0xffffffff; // the largest Buffer Node 20 allocates (4 GiB - 1)

export class ZipError extends Error {
  constructor(msg: string) {
    super(`PytorchStreamReader failed reading zip archive: ${msg}`);
    this.name = "RuntimeError";
  }
}

/** Random access to the bytes of a file or a Buffer. */
export interface Source {
  readonly size: number;
  read(pos: number, len: number): Buffer;
  /** Reads target.length bytes at pos into target. */
  readInto(pos: number, target: Uint8Array): void;
  close(): void;
}

export function bufferSource(buf: Uint8Array): Source {
  const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  return {
    size: b.length,
    read(pos, len) {
      if (pos < 0 || len < 0 || pos + len > b.length) throw new ZipError(`read of ${len} bytes at ${pos} is past the end of the data (${b.length} bytes)`);
      return b.subarray(pos, pos + len);
    },
    readInto(pos, target) { target.set(this.read(pos, target.length)); },
    close() {},
  };
}

export function fileSource(path: string): Source {
  const fd = fs.openSync(path, "r");
  let size: number;
  try { size = fs.fstatSync(fd).size; } catch (e) { fs.closeSync(fd); throw e; }
  const readInto = (pos: number, out: Uint8Array) => {
    const len = out.length;
    if (pos < 0 || pos + len > size) throw new ZipError(`read of ${len} bytes at ${pos} is past the end of the file (${size} bytes)`);
    let done = 0;
    while (done < len) {
      // readSync takes at most 2 GiB a call
      const n = fs.readSync(fd, out, done, Math.min(len - done, 0x40000000), pos + done);
      if (n <= 0) throw new ZipError(`unexpected end of file at ${pos + done}`);
      done += n;
    }
  };
  return {
    size,
    read(pos, len) {
      if (pos < 0 || len < 0 || pos + len > size) throw new ZipError(`read of ${len} bytes at ${pos} is past the end of the file (${size} bytes)`);
      if (len > MAX_RECORD_BYTES) throw new ZipError(`a record of ${len} bytes is larger than the largest buffer Node can allocate`);
      const out = Buffer.allocUnsafe(len);
      readInto(pos, out);
      return out;
    },
    readInto,
    close() { fs.closeSync(fd); },
  };
}

interface Entry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

function u64(b: Buffer, at: number, what: string): number {
  const v = b.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipError(`${what} ${v} is too large`);
  return Number(v);
}

/** Reads records by name through the central directory. */
export class ZipReader {
  readonly entries = new Map<string, Entry>();
  /** The archive folder: everything before the first "/" of the first entry. */
  readonly prefix: string;
  private cdStart = 0;

  constructor(private src: Source) {
    const list = this.readCentralDirectory();
    if (list.length === 0) throw new ZipError("archive has no records");
    const first = list[0].name;
    const slash = first.indexOf("/");
    if (slash <= 0) throw new ZipError(`file in archive is not in a subdirectory: ${first}`);
    this.prefix = first.slice(0, slash);
    for (const e of list) {
      if (!e.name.startsWith(this.prefix + "/")) throw new ZipError(`file in archive is not in a subdirectory ${this.prefix}/: ${e.name}`);
      const rel = e.name.slice(this.prefix.length + 1);
      if (!this.entries.has(rel)) this.entries.set(rel, e);
    }
  }

  private readCentralDirectory(): Entry[] {
    const { src } = this;
    const size = src.size;
    if (size < 22) throw new ZipError("file is too small to be a zip archive");
    // The end-of-central-directory record is in the last 22 + 65535 bytes.
    const tailLen = Math.min(size, 22 + 0xffff);
    const tail = src.read(size - tailLen, tailLen);
    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === SIG_EOCD && i + 22 + tail.readUInt16LE(i + 20) <= tailLen) { eocd = i; break; }
    }
    if (eocd < 0) throw new ZipError("failed finding central directory");
    const eocdPos = size - tailLen + eocd;
    let count = tail.readUInt16LE(eocd + 10);
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdOffset = tail.readUInt32LE(eocd + 16);
    let cdEnd = eocdPos;
    // ZIP64: the locator sits right before the classic record.
    if (eocdPos >= 20) {
      const loc = src.read(eocdPos - 20, 20);
      if (loc.readUInt32LE(0) === SIG_LOCATOR64) {
        const z64Pos = u64(loc, 8, "ZIP64 end of central directory offset");
        if (z64Pos + 56 > eocdPos - 20) throw new ZipError("ZIP64 end of central directory record is out of range");
        const z = src.read(z64Pos, 56);
        if (z.readUInt32LE(0) !== SIG_EOCD64) throw new ZipError("bad ZIP64 end of central directory signature");
        count = u64(z, 32, "record count");
        cdSize = u64(z, 40, "central directory size");
        cdOffset = u64(z, 48, "central directory offset");
        cdEnd = z64Pos;
      }
    }
    if (cdOffset + cdSize > cdEnd) throw new ZipError(`central directory (${cdSize} bytes at ${cdOffset}) is out of range`);
    if (count > cdSize / 46) throw new ZipError(`central directory of ${cdSize} bytes cannot hold ${count} records`);
    this.cdStart = cdOffset;
    const cd = src.read(cdOffset, cdSize);
    const out: Entry[] = [];
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== SIG_CENTRAL) throw new ZipError(`bad central directory record ${i}`);
      const flags = cd.readUInt16LE(p + 8);
      const method = cd.readUInt16LE(p + 10);
      let compressedSize = cd.readUInt32LE(p + 20);
      let usize = cd.readUInt32LE(p + 24);
      const nameLen = cd.readUInt16LE(p + 28), extraLen = cd.readUInt16LE(p + 30), commentLen = cd.readUInt16LE(p + 32);
      let localOffset = cd.readUInt32LE(p + 42);
      const end = p + 46 + nameLen + extraLen + commentLen;
      if (end > cd.length) throw new ZipError(`central directory record ${i} is truncated`);
      const name = cd.toString("utf8", p + 46, p + 46 + nameLen);
      // ZIP64 extra field: only the values that overflowed are present, in this order.
      let x = p + 46 + nameLen;
      const xEnd = x + extraLen;
      while (x + 4 <= xEnd) {
        const id = cd.readUInt16LE(x), len = cd.readUInt16LE(x + 2);
        if (x + 4 + len > xEnd) throw new ZipError(`bad extra field in record ${name}`);
        if (id === 1) {
          let q = x + 4;
          const take = (what: string) => {
            if (q + 8 > x + 4 + len) throw new ZipError(`ZIP64 extra field of ${name} is too short`);
            const v = u64(cd, q, what); q += 8; return v;
          };
          if (usize === U32_MAX) usize = take("size");
          if (compressedSize === U32_MAX) compressedSize = take("compressed size");
          if (localOffset === U32_MAX) localOffset = take("offset");
        }
        x += 4 + len;
      }
      out.push({ name, method, flags, compressedSize, size: usize, localOffset });
      p = end;
    }
    return out;
  }

  has(name: string): boolean { return this.entries.has(name); }

  /** The uncompressed size of record `name`. */
  size(name: string): number {
    const e = this.entries.get(name);
    if (!e) throw new ZipError(`file not found: ${this.prefix}/${name}`);
    return e.size;
  }

  /**
   * Reads bytes [offset, offset + target.length) of record `name` into `target`. A stored
   * record is read in place, window by window; a compressed one (never written by torch.save)
   * must fit in one buffer.
   */
  readInto(name: string, target: Uint8Array, offset = 0): void {
    const e = this.entries.get(name);
    if (e && e.method === 0 && !(e.flags & 1) && e.compressedSize === e.size) {
      if (offset < 0 || offset + target.length > e.size) throw new ZipError(`read past the end of record ${name}`);
      this.src.readInto(this.dataPos(e) + offset, target);
      return;
    }
    const data = this.read(name);
    if (offset + target.length > data.length) throw new ZipError(`record ${name} has ${data.length} bytes, expected ${offset + target.length}`);
    target.set(data.subarray(offset, offset + target.length));
  }

  /**
   * Checks, before any memory is set aside for it, that record `name` can hold what its
   * directory entry claims: a stored record lies inside the file; a deflated one is no larger
   * than deflate's largest ratio (1032:1) allows and fits in one buffer.
   */
  checkRecord(name: string): void {
    const e = this.entries.get(name);
    if (!e) throw new ZipError(`file not found: ${this.prefix}/${name}`);
    if (e.flags & 1) throw new ZipError(`record ${e.name} is encrypted`);
    if (e.method === 0) {
      if (e.compressedSize !== e.size) throw new ZipError(`stored record ${e.name} has different sizes`);
      this.dataPos(e);
    } else if (e.method === 8) {
      if (e.size > MAX_RECORD_BYTES || e.size > e.compressedSize * 1032 + 1024)
        throw new ZipError(`record ${e.name} claims ${e.size} bytes from ${e.compressedSize} compressed bytes`);
      this.dataPos(e);
    } else {
      throw new ZipError(`record ${e.name} uses unsupported compression method ${e.method}`);
    }
  }

  /** Where the bytes of record `name` start in the file, if it is stored uncompressed; else null. */
  storedDataPos(name: string): number | null {
    const e = this.entries.get(name);
    if (!e || e.method !== 0 || e.flags & 1 || e.compressedSize !== e.size) return null;
    return this.dataPos(e);
  }

  private dataPos(e: Entry): number {
    if (e.localOffset + 30 > this.cdStart) throw new ZipError(`local header of ${e.name} is out of range`);
    const h = this.src.read(e.localOffset, 30);
    if (h.readUInt32LE(0) !== SIG_LOCAL) throw new ZipError(`bad local header signature for ${e.name}`);
    const dataPos = e.localOffset + 30 + h.readUInt16LE(26) + h.readUInt16LE(28);
    if (dataPos + e.compressedSize > this.cdStart) throw new ZipError(`record ${e.name} (${e.compressedSize} bytes at ${dataPos}) runs past the central directory`);
    return dataPos;
  }

  /** The bytes of record `name` (relative to the archive folder). */
  read(name: string): Buffer {
    const e = this.entries.get(name);
    if (!e) throw new ZipError(`file not found: ${this.prefix}/${name}`);
    if (e.flags & 1) throw new ZipError(`record ${e.name} is encrypted`);
    const dataPos = this.dataPos(e);
    if (e.method === 0) {
      if (e.compressedSize !== e.size) throw new ZipError(`stored record ${e.name} has different sizes`);
      return this.src.read(dataPos, e.size);
    }
    if (e.method === 8) {
      if (e.size > MAX_RECORD_BYTES) throw new ZipError(`record ${e.name} is too large`);
      let out: Buffer;
      try {
        out = zlib.inflateRawSync(this.src.read(dataPos, e.compressedSize), { maxOutputLength: Math.max(1, e.size) });
      } catch (err) {
        throw new ZipError(`record ${e.name} failed to inflate: ${(err as Error).message}`);
      }
      if (out.length !== e.size) throw new ZipError(`record ${e.name} inflated to ${out.length} bytes, expected ${e.size}`);
      return out;
    }
    throw new ZipError(`record ${e.name} uses unsupported compression method ${e.method}`);
  }
}

// ---- writing --------------------------------------------------------------------------

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

export function crc32(data: Uint8Array, crc = 0): number {
  const native = (zlib as any).crc32 as ((d: Uint8Array, v?: number) => number) | undefined;
  if (native) return native(data, crc);
  let c = ~crc;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

interface Written { name: Buffer; crc: number; size: number; offset: number }

/**
 * Writes STORED records whose payloads start on 64-byte boundaries (PyTorch's
 * PyTorchStreamWriter layout: FB padding extra field, ZIP64 end records always).
 * Sizes and CRCs go in the local headers, so no data descriptors are needed.
 */
export class ZipWriter {
  private offset = 0;
  private records: Written[] = [];
  private names = new Set<string>();

  constructor(private sink: (chunk: Uint8Array) => void, readonly prefix = "archive", private forceZip64 = false) {}

  private put(chunk: Uint8Array) {
    if (chunk.length) this.sink(chunk);
    this.offset += chunk.length;
  }

  /** One record; `data` may come in parts (a storage over 4 GiB), written one after another. */
  writeRecord(rel: string, data: Uint8Array | Uint8Array[]) {
    if (this.names.has(rel)) throw new Error(`record ${rel} written twice`);
    this.names.add(rel);
    const parts = Array.isArray(data) ? data : [data];
    const name = Buffer.from(`${this.prefix}/${rel}`, "utf8");
    let size = 0, crc = 0;
    for (const p of parts) { size += p.length; crc = crc32(p, crc); }
    const zip64 = this.forceZip64 || size >= U32_MAX;
    const z64Len = zip64 ? 20 : 0;
    const start = this.offset + 30 + name.length + z64Len + 4;
    const pad = (64 - (start % 64)) % 64;
    const h = Buffer.alloc(30 + name.length + z64Len + 4 + pad, 0x5a);
    h.writeUInt32LE(SIG_LOCAL, 0);
    h.writeUInt16LE(zip64 ? 45 : 20, 4);
    h.writeUInt16LE(0x0800, 6); // UTF-8 names
    h.writeUInt16LE(0, 8); // STORED
    h.writeUInt16LE(0, 10);
    h.writeUInt16LE(0x21, 12); // 1980-01-01
    h.writeUInt32LE(crc, 14);
    h.writeUInt32LE(zip64 ? U32_MAX : size, 18);
    h.writeUInt32LE(zip64 ? U32_MAX : size, 22);
    h.writeUInt16LE(name.length, 26);
    h.writeUInt16LE(z64Len + 4 + pad, 28);
    name.copy(h, 30);
    let x = 30 + name.length;
    if (zip64) {
      h.writeUInt16LE(1, x); h.writeUInt16LE(16, x + 2);
      h.writeBigUInt64LE(BigInt(size), x + 4); h.writeBigUInt64LE(BigInt(size), x + 12);
      x += 20;
    }
    h.writeUInt16LE(0x4246, x); // "FB"
    h.writeUInt16LE(pad, x + 2);
    this.records.push({ name, crc, size, offset: this.offset });
    this.put(h);
    for (const p of parts) this.put(p);
  }

  /** Writes `version` and the central directory. */
  finish() {
    this.writeRecord("version", Buffer.from("3\n"));
    const cdStart = this.offset;
    for (const r of this.records) {
      const bigSize = this.forceZip64 || r.size >= U32_MAX;
      const bigOff = this.forceZip64 || r.offset >= U32_MAX;
      const z64Len = (bigSize ? 16 : 0) + (bigOff ? 8 : 0);
      const extraLen = z64Len ? 4 + z64Len : 0;
      const c = Buffer.alloc(46 + r.name.length + extraLen);
      c.writeUInt32LE(SIG_CENTRAL, 0);
      c.writeUInt16LE(0x031e, 4);
      c.writeUInt16LE(z64Len ? 45 : 20, 6);
      c.writeUInt16LE(0x0800, 8);
      c.writeUInt16LE(0, 10);
      c.writeUInt16LE(0, 12);
      c.writeUInt16LE(0x21, 14);
      c.writeUInt32LE(r.crc, 16);
      c.writeUInt32LE(bigSize ? U32_MAX : r.size, 20);
      c.writeUInt32LE(bigSize ? U32_MAX : r.size, 24);
      c.writeUInt16LE(r.name.length, 28);
      c.writeUInt16LE(extraLen, 30);
      c.writeUInt32LE(bigOff ? U32_MAX : r.offset, 42);
      r.name.copy(c, 46);
      if (z64Len) {
        let x = 46 + r.name.length;
        c.writeUInt16LE(1, x); c.writeUInt16LE(z64Len, x + 2); x += 4;
        if (bigSize) { c.writeBigUInt64LE(BigInt(r.size), x); c.writeBigUInt64LE(BigInt(r.size), x + 8); x += 16; }
        if (bigOff) c.writeBigUInt64LE(BigInt(r.offset), x);
      }
      this.put(c);
    }
    const cdSize = this.offset - cdStart;
    const n = this.records.length;
    const end = Buffer.alloc(56 + 20 + 22);
    // ZIP64 end of central directory record + locator, as PyTorch always writes them.
    end.writeUInt32LE(SIG_EOCD64, 0);
    end.writeBigUInt64LE(44n, 4);
    end.writeUInt16LE(0x031e, 12);
    end.writeUInt16LE(45, 14);
    end.writeBigUInt64LE(BigInt(n), 24);
    end.writeBigUInt64LE(BigInt(n), 32);
    end.writeBigUInt64LE(BigInt(cdSize), 40);
    end.writeBigUInt64LE(BigInt(cdStart), 48);
    end.writeUInt32LE(SIG_LOCATOR64, 56);
    end.writeBigUInt64LE(BigInt(this.offset), 64);
    end.writeUInt32LE(1, 72);
    end.writeUInt32LE(SIG_EOCD, 76);
    end.writeUInt16LE(Math.min(n, 0xffff), 84);
    end.writeUInt16LE(Math.min(n, 0xffff), 86);
    end.writeUInt32LE(Math.min(cdSize, U32_MAX), 88);
    end.writeUInt32LE(this.forceZip64 || cdStart >= U32_MAX ? U32_MAX : cdStart, 92);
    this.put(end);
  }
}
