// server/log.ts: one parseable JSON object per line, with the request id of the context it is written in.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Level, formatLine, log, setLogSink, withLogContext, addLogContext } from "../../server/log";

let restore: (() => void) | null = null;
const saved = process.env.GAPMAP_LOG_LEVEL;
beforeEach(() => {
  process.env.GAPMAP_LOG_LEVEL = "debug"; // (vitest.config.ts sets warn for the suite)
});
afterEach(() => {
  restore?.();
  restore = null;
  if (saved === undefined) delete process.env.GAPMAP_LOG_LEVEL;
  else process.env.GAPMAP_LOG_LEVEL = saved;
});

/** Captures what the logger writes: [level, line] pairs. */
function capture(): [Level, string][] {
  const lines: [Level, string][] = [];
  restore = setLogSink((level, line) => lines.push([level, line]));
  return lines;
}

describe("the logger", () => {
  it("writes one JSON object per line with time, level, msg, the context's requestId and userId, and the fields", async () => {
    const lines = capture();
    await withLogContext({ requestId: "req-42" }, async () => {
      await new Promise((r) => setTimeout(r, 5)); // the context survives an await and a timer
      addLogContext({ userId: "u-7" });
      log.info("import committed", { importId: 12, rows: 3 });
    });
    log.warn("outside any request");
    expect(lines).toHaveLength(2);
    for (const [, line] of lines) expect(line).not.toContain("\n");
    const [first, second] = lines.map(([, l]) => JSON.parse(l) as Record<string, unknown>);
    expect(first).toEqual({ time: expect.any(String), level: "info", msg: "import committed", requestId: "req-42", userId: "u-7", importId: 12, rows: 3 });
    expect(new Date(first!.time as string).toISOString()).toBe(first!.time);
    expect(Math.abs(Date.parse(first!.time as string) - Date.now())).toBeLessThan(5_000);
    expect(second).toEqual({ time: expect.any(String), level: "warn", msg: "outside any request" });
    expect(lines.map(([level]) => level)).toEqual(["info", "warn"]);
  });

  it("keeps concurrent requests' ids apart", async () => {
    const lines = capture();
    await Promise.all(
      ["a", "b", "c"].map((id, i) =>
        withLogContext({ requestId: `req-${id}` }, async () => {
          await new Promise((r) => setTimeout(r, 10 * (3 - i)));
          log.info("done", { id });
        }),
      ),
    );
    const parsed = lines.map(([, l]) => JSON.parse(l) as { requestId: string; id: string });
    expect(parsed.map((p) => p.id)).toEqual(["c", "b", "a"]);
    for (const p of parsed) expect(p.requestId).toBe(`req-${p.id}`);
  });

  it("redacts passwords, cookies, secrets and tokens at any depth, and writes errors, bigints and cycles as JSON", () => {
    const cycle: Record<string, unknown> = { name: "loop" };
    cycle.self = cycle;
    const err = new Error("boom", { cause: new TypeError("inner") });
    const line = formatLine("error", "failed", {
      password: "hunter2-hunter2",
      headers: { cookie: "gapmap.session_token=abc", Authorization: "Bearer xyz", accept: "application/json" },
      user: { email: "a@b.vn", newPassword: "s3cret-s3cret" },
      sessionToken: "tok",
      count: 10n,
      err,
      cycle,
    });
    expect(line).not.toMatch(/hunter2|session_token=abc|Bearer xyz|s3cret|"tok"/);
    const parsed = JSON.parse(line) as Record<string, unknown> & { err: { stack: string } };
    expect(parsed.password).toBe("[redacted]");
    expect(parsed.headers).toEqual({ cookie: "[redacted]", Authorization: "[redacted]", accept: "application/json" });
    expect(parsed.user).toEqual({ email: "a@b.vn", newPassword: "[redacted]" });
    expect(parsed.count).toBe("10");
    expect(parsed.err).toMatchObject({ name: "Error", message: "boom", cause: { name: "TypeError", message: "inner" } });
    expect(parsed.err.stack).toContain("boom");
    expect(parsed.cycle).toEqual({ name: "loop", self: "[circular]" });
  });

  it("a failed query's parameters (a session token, a password hash) are not written", () => {
    const cause = new Error('Failed query: select "id" from "sessions" where "sessions"."token" = $1\nparams: XP8rYPbhvsU5dd7Q8VW6DdFD');
    const line = formatLine("error", "failed", { err: new Error("Failed to get session", { cause }) });
    expect(line).not.toContain("XP8rYPbhvsU5dd7Q8VW6DdFD");
    const parsed = JSON.parse(line) as { err: { cause: { message: string } } };
    expect(parsed.err.cause.message).toBe('Failed query: select "id" from "sessions" where "sessions"."token" = $1\nparams: [redacted]');
  });

  it("the record's own keys cannot be overwritten by fields", () => {
    const parsed = JSON.parse(formatLine("info", "real", { msg: "fake", level: "error", time: "then" })) as Record<string, unknown>;
    expect(parsed).toMatchObject({ msg: "real", level: "info" });
    expect(parsed.time).not.toBe("then");
  });

  it("GAPMAP_LOG_LEVEL drops lines below it (default info: no debug)", () => {
    const lines = capture();
    delete process.env.GAPMAP_LOG_LEVEL;
    log.debug("probe");
    log.info("kept");
    process.env.GAPMAP_LOG_LEVEL = "error";
    log.warn("dropped");
    log.error("kept too");
    process.env.GAPMAP_LOG_LEVEL = "debug";
    log.debug("now kept");
    expect(lines.map(([, l]) => (JSON.parse(l) as { msg: string }).msg)).toEqual(["kept", "kept too", "now kept"]);
  });

  it("a sink that throws does not throw into the caller", () => {
    restore = setLogSink(() => {
      throw new Error("disk full");
    });
    expect(() => log.error("anything")).not.toThrow();
  });
});
