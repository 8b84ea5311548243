/** Runs once when the Next.js server starts (Next.js instrumentation hook). */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // TRACE/TRACK/CONNECT: 405 with Allow, before Next.js (which answered them 500): app/_lib/http-methods.ts.
    const { guardHttpMethods } = await import("./app/_lib/http-methods");
    guardHttpMethods();
    // SIGTERM/SIGINT: stop accepting, finish the requests in flight, run the onShutdown hooks, exit 0 (server/shutdown.ts).
    // Not under `next dev`, whose parent process manages the server it forks (Next.js's handler stays).
    if (process.env.NODE_ENV !== "development") {
      const { installShutdown } = await import("./server/shutdown");
      installShutdown();
    }
    // On PostgreSQL every server process runs import jobs (app/api/import/_lib/jobs.ts); on PGlite the first import request starts the runner.
    if (process.env.DATABASE_URL) {
      const { startRunnerAtBoot } = await import("./app/api/import/_lib/jobs");
      void startRunnerAtBoot();
    }
  }
}
