import { publicRoute } from "../_lib/route";

export const dynamic = "force-dynamic";

/**
 * GET /api/health — liveness: the process answers. 200 `{"status":"ok"}`, always, without a session
 * and without touching the database (a database outage is /api/ready's business: restarting the
 * process would not cure it). For the process manager or the load balancer (docs/DEPLOYING.md).
 */
export const GET = publicRoute(async () => Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } }), { probe: true });
