import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The addon holds process-wide state (libtorch, the handle table): one process per file.
    pool: "forks",
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
