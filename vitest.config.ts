import { defineConfig } from "vitest/config";
import path from "node:path";
import pkg from "./package.json";

// "torch-node/..." imports resolve to the TypeScript sources, as tsconfig's paths do.
const alias = Object.entries(pkg.exports as Record<string, string | { require: string }>)
  .filter(([, v]) => typeof v === "object")
  .map(([k, v]) => ({
    find: new RegExp(`^torch-node${k.slice(1).replace(/[/.]/g, "\\$&")}$`),
    replacement: path.resolve(__dirname, (v as { require: string }).require.replace("./dist/cjs/", "lib/").replace(/\.js$/, ".ts")),
  }));

// One intra-op thread, as the Python references run (test/helpers/python.ts): pip's libtorch
// uses every core by default, and a float sum split over threads rounds differently.
process.env.OMP_NUM_THREADS ??= "1";

export default defineConfig({
  resolve: { alias },
  test: {
    include: ["test/**/*.test.ts"],
    // The addon holds process-wide state (libtorch, the handle table): one process per file.
    pool: "forks",
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
