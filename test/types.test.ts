/**
 * The published type declarations must compile under tslab's own TypeScript (5.0.4, lib
 * es2022), which type-checks notebook cells: newer declaration syntax would break every
 * notebook that imports p53lab.
 */
import { expect, it } from "vitest";
import { existsSync } from "fs";
import { join } from "path";
import { ROOT } from "./helpers";

it("kernel-lib/dist/*.d.ts compile with tslab's TypeScript 5.0 without skipLibCheck", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require("@tslab/typescript-for-tslab");
  expect(ts.version).toMatch(/^5\.0\./);
  const entry = join(ROOT, "kernel-lib", "dist", "index.d.ts");
  expect(existsSync(entry), "build kernel-lib first (npm run build)").toBe(true);
  const program = ts.createProgram([entry], {
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts"],
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.NodeJs,
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    types: ["node"],
    typeRoots: [join(ROOT, "node_modules", "@types")],
  });
  const diagnostics = ts.getPreEmitDiagnostics(program).filter((d: { file?: { fileName: string } }) => d.file?.fileName.includes("kernel-lib/dist"));
  const messages = diagnostics.map(
    (d: { file: { fileName: string }; messageText: unknown }) => `${d.file.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`,
  );
  expect(messages).toEqual([]);
  // The check would see a file: the program really includes the library's declarations.
  expect(program.getSourceFiles().filter((f: { fileName: string }) => f.fileName.includes("kernel-lib/dist")).length).toBeGreaterThan(20);
});
