// The audit log on both drivers: every kind of write leaves exactly one audit row with its actor,
// in the same transaction as the change (a write that fails leaves none); audit rows cannot be
// updated, deleted or truncated (the trigger of migration audit_log_append_only); the log reads
// back scoped, or whole for an administrator.
// Writes happen inside transactions that are rolled back (the PostgreSQL database is shared by the run).
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { commitImport } from "@/db/ingest/run";
import { undoImport } from "@/db/queries/imports";
import { addCoverageReview } from "@/db/queries/telecom";
import { deleteScenarios, planInputs, saveScenario } from "@/db/queries/plans";
import { auditCsvRows, auditLog, recordAudit, type Actor } from "@/db/queries/audit";
import { rowsOf, scopeOf } from "@/db/queries/scope";
import { runRequestSchema } from "@/geo/plan-schema";
import { runPlans, scenarioOf } from "@/app/_screens/plans";
import { drivers, setupSeeded } from "../support/seeded-db";
import { inRollback, request, SCOPE } from "../support/import-helpers";
import { testActor } from "../support/actor";

const DBD = scopeOf("d-101", "pre2025");
const NA_SON = scopeOf("c19-03205", "pre2025");

interface Row {
  action: string;
  user_id: string;
  user_email: string;
  role: string;
  unit_id: string | null;
  structure: string | null;
  target_ids: unknown;
  summary: unknown;
  client_address: string | null;
}

/** The audit rows written under one request id (each write below gets an actor of its own). */
async function auditRowsOf(db: Db, actor: Actor): Promise<(Row & { target_ids: (string | number)[]; summary: Record<string, unknown> })[]> {
  const res = await db.execute(sql`select action, user_id, user_email, role, unit_id, structure, target_ids, summary, client_address
    from audit_log where request_id = ${actor.requestId} order by id`);
  return rowsOf<Row>(res).map((r) => ({ ...r, target_ids: json(r.target_ids) as (string | number)[], summary: json(r.summary) as Record<string, unknown> }));
}
const json = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v);
const count = async (db: Db, table: string) => Number(rowsOf<{ n: number }>(await db.execute(sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n);

/** The message of an error and of its causes (drizzle wraps the driver's error). */
function messages(e: unknown): string {
  const out: string[] = [];
  for (let x = e as { message?: string; cause?: unknown } | undefined; x; x = x.cause as typeof x) out.push(String(x.message ?? x));
  return out.join(" | ");
}

/** Runs `fn` in a savepoint and returns what it threw (the enclosing transaction goes on). */
async function failureOf(db: Db, fn: (tx: Db) => Promise<unknown>): Promise<string> {
  try {
    await db.transaction(async (tx) => {
      await fn(tx as unknown as Db);
    });
  } catch (e) {
    return messages(e);
  }
  return "(did not fail)";
}

describe.each(drivers())("audit log on %s", (driver) => {
  const o = setupSeeded(driver);

  it("an import commit leaves one import.commit row (and one column_mapping.save for a new layout); the same file again and its undo", async () => {
    await inRollback(o.db, async (db) => {
      const who = testActor("officer@example.org", { role: "editor", address: "203.0.113.7" });
      const c = await commitImport({ db, req: request("english-codes.csv"), actor: who });
      expect(c.status).toBe("committed");
      const rows = await auditRowsOf(db, who);
      expect(rows.map((r) => r.action)).toEqual(["column_mapping.save", "import.commit"]);
      const commit = rows[1]!;
      expect(commit).toMatchObject({
        user_id: "test-user",
        user_email: "officer@example.org",
        role: "editor",
        unit_id: SCOPE.unitId,
        structure: SCOPE.structure,
        client_address: "203.0.113.7",
      });
      expect(commit.target_ids).toEqual([c.importId]);
      expect(commit.summary).toMatchObject({ kind: "indicators", fileName: "english-codes.csv", after: { counts: c.counts } });
      // imported_by comes from the actor
      const by = rowsOf<{ b: string }>(await db.execute(sql`select imported_by as b from import_records where id = ${c.importId}`))[0]!.b;
      expect(by).toBe("officer@example.org");

      // The same file again changes nothing: no audit row.
      const again = testActor();
      expect(await commitImport({ db, req: request("english-codes.csv"), actor: again })).toMatchObject({ status: "nothing" });
      expect(await auditRowsOf(db, again)).toEqual([]);

      // Undo: one import.undo row; an undo that does nothing (already undone) none.
      const undoer = testActor("chief@example.org");
      expect(await undoImport({ db, scope: SCOPE, importId: c.importId!, actor: undoer })).toMatchObject({ status: "undone" });
      const undone = await auditRowsOf(db, undoer);
      expect(undone).toHaveLength(1);
      expect(undone[0]).toMatchObject({
        action: "import.undo",
        user_email: "chief@example.org",
        unit_id: SCOPE.unitId,
        structure: SCOPE.structure,
        target_ids: [c.importId],
      });
      expect(undone[0]!.summary).toMatchObject({ before: { undoneAt: null }, after: { restored: 4 } });
      const twice = testActor();
      expect(await undoImport({ db, scope: SCOPE, importId: c.importId!, actor: twice })).toEqual({ status: "alreadyUndone" });
      expect(await auditRowsOf(db, twice)).toEqual([]);
    });
  });

  it("a coverage review and a scenario save and delete leave one row each with the actor; refused writes none", async () => {
    await inRollback(o.db, async (db) => {
      const hamlet = rowsOf<{ id: string }>(
        await db.execute(sql`select descendant_id as id from admin_closure c join admin_units u on u.id = c.descendant_id and u.level = 'hamlet'
        where c.structure = 'pre2025' and c.ancestor_id = ${NA_SON.unitId} order by 1 limit 1`),
      )[0]!.id;
      const reviewer = testActor("Viettel Điện Biên", { role: "operator" });
      const review = await addCoverageReview({
        db,
        scope: NA_SON,
        actor: reviewer,
        review: { hamletId: hamlet, operator: "viettel", kind: "4g", status: "disputed", comment: "Sóng yếu", asOf: "2023-11-06" },
      });
      expect(review?.reviewedBy).toBe("Viettel Điện Biên");
      const r = await auditRowsOf(db, reviewer);
      expect(r).toHaveLength(1);
      expect(r[0]).toMatchObject({ action: "coverage_review.add", role: "operator", unit_id: hamlet, structure: "pre2025", target_ids: [review!.id] });
      expect(r[0]!.summary).toMatchObject({ after: { hamletId: hamlet, status: "disputed", kind: "4g" } });
      const outside = testActor();
      expect(
        await addCoverageReview({
          db,
          scope: NA_SON,
          actor: outside,
          review: { hamletId: "h-03198-01", operator: "viettel", kind: "4g", status: "confirmed", comment: "", asOf: "2023-11-06" },
        }),
      ).toBeNull();
      expect(await auditRowsOf(db, outside)).toEqual([]);

      const inp = (await planInputs({ db, scope: DBD, date: "2023-11-06" }))!;
      const req = runRequestSchema.parse({ unit: "d-101", structure: "pre2025", date: "2023-11-06", wifi: { maxSites: 2 }, teams: { teams: 1, days: 2 } });
      const plan = scenarioOf(req, runPlans(inp, req));
      const planner = testActor("planner@example.org");
      const { id } = await saveScenario({ db, scope: DBD, name: "Đợt 1", plan, actor: planner });
      const saved = await auditRowsOf(db, planner);
      expect(saved).toHaveLength(1);
      expect(saved[0]).toMatchObject({
        action: "scenario.save",
        unit_id: "d-101",
        structure: "pre2025",
        target_ids: [id],
        summary: { after: { name: "Đợt 1" } },
      });

      const elsewhere = testActor();
      expect(await deleteScenarios({ db, scope: scopeOf("d-103", "pre2025"), ids: [id], actor: elsewhere })).toBe(0);
      expect(await auditRowsOf(db, elsewhere)).toEqual([]);
      const deleter = testActor("chief@example.org");
      expect(await deleteScenarios({ db, scope: DBD, ids: [id], actor: deleter })).toBe(1);
      const deleted = await auditRowsOf(db, deleter);
      expect(deleted).toHaveLength(1);
      expect(deleted[0]).toMatchObject({
        action: "scenario.delete",
        user_email: "chief@example.org",
        target_ids: [id],
        summary: { before: { names: ["Đợt 1"] } },
      });
    });
  });

  it("the audit row and the change share one transaction: a write that fails leaves neither", async () => {
    await inRollback(o.db, async (db) => {
      const reviewsBefore = await count(db, "coverage_reviews");
      const auditBefore = await count(db, "audit_log");
      const hamlet = rowsOf<{ id: string }>(
        await db.execute(sql`select descendant_id as id from admin_closure c join admin_units u on u.id = c.descendant_id and u.level = 'hamlet'
        where c.structure = 'pre2025' and c.ancestor_id = ${NA_SON.unitId} order by 1 limit 1`),
      )[0]!.id;
      const review = { hamletId: hamlet, operator: "vnpt", kind: "3g", status: "confirmed", comment: "", asOf: "2023-11-06" } as const;
      // The change is written, then its audit row fails (no request id): the review goes too.
      const broken = testActor("x@example.org", { requestId: null as unknown as string });
      expect(await failureOf(db, (tx) => addCoverageReview({ db: tx, scope: NA_SON, actor: broken, review }))).toMatch(/request_id|null/i);
      expect(await count(db, "coverage_reviews")).toBe(reviewsBefore);
      // Both written, then the enclosing transaction fails: the audit row goes too.
      const rolledBack = testActor();
      expect(
        await failureOf(db, async (tx) => {
          expect(await addCoverageReview({ db: tx, scope: NA_SON, actor: rolledBack, review })).not.toBeNull();
          expect(await auditRowsOf(tx, rolledBack)).toHaveLength(1);
          throw new Error("the request failed later");
        }),
      ).toMatch(/failed later/);
      expect(await auditRowsOf(db, rolledBack)).toEqual([]);
      // An import that fails while writing rows: no import, no audit row.
      const importer = testActor();
      await expect(
        commitImport({
          db,
          req: request("english-codes.csv"),
          actor: importer,
          onProgress: (p) => {
            if (p.phase === "write") throw new Error("disk full");
          },
        }),
      ).rejects.toThrow("disk full");
      expect(await auditRowsOf(db, importer)).toEqual([]);
      expect(await count(db, "coverage_reviews")).toBe(reviewsBefore);
      expect(await count(db, "audit_log")).toBe(auditBefore);
    });
  });

  it("an audit row cannot be updated, deleted or truncated; recordAudit refuses to run outside a transaction", async () => {
    await inRollback(o.db, async (db) => {
      const who = testActor();
      await recordAudit(db, { actor: who, action: "scenario.save", scope: DBD, targetIds: [1], summary: { after: { name: "x" } } });
      expect(await failureOf(db, (tx) => tx.execute(sql`update audit_log set role = 'administrator' where request_id = ${who.requestId}`))).toMatch(
        /audit_log is append-only: UPDATE is not allowed/,
      );
      expect(await failureOf(db, (tx) => tx.execute(sql`delete from audit_log where request_id = ${who.requestId}`))).toMatch(
        /audit_log is append-only: DELETE is not allowed/,
      );
      expect(await failureOf(db, (tx) => tx.execute(sql`truncate audit_log`))).toMatch(/audit_log is append-only: TRUNCATE is not allowed/);
      expect(await auditRowsOf(db, who)).toMatchObject([{ action: "scenario.save", role: "tester" }]);
    });
    await expect(recordAudit(o.db, { actor: testActor(), action: "scenario.save", scope: null, targetIds: [], summary: {} })).rejects.toThrow(
      /inside the transaction/,
    );
  });

  it("auditLog: rows inside the viewer's scope, all of them for an administrator; filters by action, user and time", async () => {
    await inRollback(o.db, async (db) => {
      const a = testActor("a@example.org", { userId: "user-a" });
      const b = testActor("b@example.org", { userId: "user-b" });
      await recordAudit(db, { actor: a, action: "scenario.save", scope: DBD, targetIds: [101], summary: {} });
      await recordAudit(db, { actor: b, action: "coverage_review.add", scope: { unitId: "h-03156-01", structure: "post2025" }, targetIds: [102], summary: {} });
      await recordAudit(db, { actor: b, action: "user.create", scope: null, targetIds: ["user-c"], summary: { after: { email: "c@example.org" } } });
      const mine = (r: { requestId: string }) => r.requestId === a.requestId || r.requestId === b.requestId;
      const seen = async (scope: Parameters<typeof auditLog>[0]["scope"], filters = {}) =>
        (await auditLog({ db, scope, filters, limit: 1000 })).rows.filter(mine).map((r) => r.targetIds[0]);
      // d-101 (pre-2025) holds its own row, not the hamlet of d-103 (h-03156-01), which is in the province in both structures.
      expect(await seen(DBD)).toEqual([101]);
      expect((await seen(scopeOf("p-11", "pre2025"))).sort()).toEqual([101, 102]);
      expect(await seen(scopeOf("p-38", "post2025"))).toEqual([]);
      // An administrator sees everything, rows without a unit too; newest first.
      expect(await seen(null)).toEqual(["user-c", 102, 101]);
      expect(await seen(null, { action: "coverage_review.add" })).toEqual([102]);
      expect(await seen(null, { userId: "user-a" })).toEqual([101]);
      const today = new Date().toISOString().slice(0, 10);
      expect(await seen(null, { from: today, to: today })).toHaveLength(3);
      expect(await seen(null, { to: "2000-01-01" })).toEqual([]);
      const page = await auditLog({ db, scope: null, filters: { userId: "user-b" }, limit: 1, offset: 1 });
      expect(page.total).toBeGreaterThanOrEqual(2);
      expect(page.rows).toHaveLength(1);
      const csv = auditCsvRows((await auditLog({ db, scope: DBD, filters: { userId: "user-a" } })).rows);
      expect(csv).toEqual([
        expect.objectContaining({
          action: "scenario.save",
          userEmail: "a@example.org",
          unitId: "d-101",
          structure: "pre2025",
          targetIds: "[101]",
          summary: "{}",
          clientAddress: "127.0.0.1",
        }),
      ]);
    });
  });
});
