/** Runs once when the Next.js server starts (Next.js instrumentation hook). */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // TRACE/TRACK/CONNECT: 405 with Allow, before Next.js (which answered them 500): app/_lib/http-methods.ts.
    const { guardHttpMethods } = await import("./app/_lib/http-methods");
    guardHttpMethods();
  }
}
