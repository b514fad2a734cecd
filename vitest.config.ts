import { defineConfig } from "vitest/config";

// Unit tests live beside the library (kernel-lib/test), integration and browser tests in test/.
export default defineConfig({
  test: {
    include: ["kernel-lib/test/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    pool: "forks",
    maxWorkers: 2,
    minWorkers: 1,
  },
});
