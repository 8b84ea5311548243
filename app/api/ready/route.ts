import { getDb } from "@/db";
import { migrationStatus } from "@/db/queries/health";
import { log } from "@/server/log";
import { isShuttingDown } from "@/server/shutdown";
import { publicRoute } from "../_lib/route";

export const dynamic = "force-dynamic";

/** How long the database may take to answer before the probe says it is unreachable. */
const DB_TIMEOUT_MS = 3_000;

const NO_STORE = { "cache-control": "no-store" };

/**
 * GET /api/ready — readiness: may the load balancer send requests here? Without a session.
 * - 200 `{"status":"ready"}`: the database answers and has applied every migration this build ships
 *   (db/migrations/meta/_journal.json, compared with drizzle's table: db/queries/health.ts);
 * - 503 `{"status":"not ready","database":"unreachable"}`: it did not answer within 3 s, or could not
 *   be opened (the error goes to the log);
 * - 503 `{"status":"not ready","database":"ok","missingMigrations":["0005_…"]}`: run `npm run db:migrate`;
 * - 503 `{"status":"shutting down"}` once SIGTERM arrived (server/shutdown.ts).
 * Nothing else: no error message, driver, host or version (those go to the log).
 */
export const GET = publicRoute(
  async () => {
    if (isShuttingDown()) return Response.json({ status: "shutting down" }, { status: 503, headers: NO_STORE });
    let status: Awaited<ReturnType<typeof migrationStatus>>;
    try {
      status = await withTimeout((async () => migrationStatus({ db: await getDb() }))(), DB_TIMEOUT_MS);
    } catch (err) {
      log.warn("readiness: database unreachable", { err });
      return Response.json({ status: "not ready", database: "unreachable" }, { status: 503, headers: NO_STORE });
    }
    if (status.missing.length > 0) {
      return Response.json({ status: "not ready", database: "ok", missingMigrations: status.missing }, { status: 503, headers: NO_STORE });
    }
    return Response.json({ status: "ready" }, { headers: NO_STORE });
  },
  { probe: true },
);

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
