import { describe, it, expect, afterEach, vi } from "vitest";
import { progress, stageProgress } from "../../src/display/progress";

/** A fake clock (ms) and a stream collecting what is written. */
function setup() {
  const clock = { t: 1_000_000 };
  const writes: string[] = [];
  const stream = { write: (s: string) => (writes.push(s), true) } as unknown as NodeJS.WritableStream;
  return { clock, now: () => clock.t, writes, stream };
}

afterEach(() => vi.restoreAllMocks());

describe("progress", () => {
  it("text() reports label, percent, counts, elapsed and an ETA", () => {
    const { clock, now, stream } = setup();
    const p = progress(200, { label: "Fitting genes", now, stream });
    clock.t += 2000;
    p.tick(50);
    // 25% after 2 s -> 6 s left
    expect(p.text()).toBe("Fitting genes: 25% (50/200) 2.0s, ETA 6.0s");
    clock.t += 4000;
    p.set(150);
    // 75% after 6 s -> 2 s left
    expect(p.text()).toBe("Fitting genes: 75% (150/200) 6.0s, ETA 2.0s");
  });

  it("percent is floored and there is no ETA before any progress", () => {
    const { clock, now } = setup();
    const p = progress(3, { now });
    expect(p.text()).toBe("Progress: 0% (0/3) 0.0s");
    clock.t += 1500;
    p.tick();
    expect(p.text()).toMatch(/^Progress: 33% \(1\/3\) 1\.5s, ETA 3\.0s$/);
  });

  it("long times are written in minutes and seconds", () => {
    const { clock, now } = setup();
    const p = progress(10, { now });
    clock.t += 90_000;
    p.tick(5);
    expect(p.text()).toBe("Progress: 50% (5/10) 1m30s, ETA 1m30s");
  });

  // Regression test for a fixed bug (src/display/progress.ts formatSeconds): seconds are rounded after the minutes are
  // taken, so 119.6 s is written "1m60s" instead of "2m00s".
  it("an elapsed time just under two minutes is not written as 1m60s", () => {
    const { clock, now } = setup();
    const p = progress(10, { now });
    clock.t += 119_600;
    p.tick(5);
    expect(p.text()).not.toContain("60s");
    expect(p.text()).toContain("2m00s");
  });

  it("finish() shows 100%, the total and done", () => {
    const { clock, now, writes, stream } = setup();
    const p = progress(40, { label: "Job", now, stream });
    clock.t += 3000;
    p.tick(10);
    p.finish();
    expect(p.text()).toBe("Job: 100% (40/40) 3.0s, done");
    expect(writes[writes.length - 1]).toBe("Job: 100% (40/40) 3.0s, done\n");
  });

  it("writes one line at start, then at most one per interval, and always at finish", () => {
    const { clock, now, writes, stream } = setup();
    const p = progress(100, { now, stream, intervalMs: 500 });
    expect(writes).toEqual(["Progress: 0% (0/100) 0.0s\n"]);
    clock.t += 100;
    p.tick(); // 100 ms after the last write: quiet
    clock.t += 100;
    p.tick(); // 200 ms: quiet
    expect(writes.length).toBe(1);
    clock.t += 400;
    p.tick(); // 600 ms: written
    expect(writes.length).toBe(2);
    expect(writes[1]).toBe("Progress: 3% (3/100) 0.6s, ETA 19.4s\n");
    p.finish(); // forced
    expect(writes.length).toBe(3);
    expect(writes.every((w) => w.endsWith("\n"))).toBe(true);
  });

  it("a total of 0 is complete at once", () => {
    const { now } = setup();
    expect(progress(0, { now }).text()).toMatch(/^Progress: 100% \(0\/0\) 0\.0s/);
  });

  it("writes nothing to stdout/stderr without a stream outside a kernel", () => {
    expect((globalThis as Record<string, unknown>).__tslab__).toBeUndefined();
    const out = vi.spyOn(process.stdout, "write");
    const err = vi.spyOn(process.stderr, "write");
    const log = vi.spyOn(console, "log");
    const { clock, now } = setup();
    const p = progress(10, { now });
    for (let i = 0; i < 10; i++) {
      clock.t += 1000;
      p.tick();
    }
    p.finish();
    expect(out).not.toHaveBeenCalled();
    expect(err).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
    expect(p.text()).toContain("done");
  });
});

describe("stageProgress", () => {
  it("keeps one progress display and names each stage as it is reported", () => {
    const lines: string[] = [];
    const stream = { write: (s: string) => (lines.push(s), true) } as unknown as NodeJS.WritableStream;
    let t = 0;
    const cb = stageProgress("DESeq2", { stream, now: () => (t += 100), intervalMs: 0 });
    cb("gene-wise dispersions", 1, 4);
    cb("MAP dispersions", 2, 4);
    cb("GLM fit", 4, 4);
    expect(lines[0]).toMatch(/^DESeq2: gene-wise dispersions: 0% \(0\/4\)/);
    expect(lines.some((l) => /^DESeq2: MAP dispersions: 50% \(2\/4\)/.test(l))).toBe(true);
    expect(lines[lines.length - 1]).toMatch(/^DESeq2: GLM fit: 100% \(4\/4\) .*done/);
  });
});
