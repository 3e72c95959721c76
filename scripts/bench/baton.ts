// Preload for the ports under scripts/bench/tutorials.ts: after a line that ends an epoch
// (TN_BATON_RE), hand the machine to the other side (fd 3) and wait for it back (fd 4).
import fs from "node:fs";

const re = process.env.TN_BATON_RE ? new RegExp(process.env.TN_BATON_RE, "m") : null;
if (re) {
  const write = process.stdout.write.bind(process.stdout) as (chunk: unknown, ...rest: unknown[]) => boolean;
  const byte = Buffer.alloc(1), nap = new Int32Array(new SharedArrayBuffer(4));
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    const ok = write(chunk, ...rest);
    if (re.test(String(chunk))) {
      fs.writeSync(3, "E");
      for (;;) {
        try { if (fs.readSync(4, byte, 0, 1, null) === 1) break; } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== "EAGAIN") throw e;
          Atomics.wait(nap, 0, 0, 5); // fd 4 may be non-blocking
        }
      }
    }
    return ok;
  }) as typeof process.stdout.write;
}
