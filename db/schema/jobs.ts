import { pgTable, text, integer, bigint, timestamp, json, jsonb, uuid, index } from "drizzle-orm/pg-core";
import { users } from "./auth";

/**
 * A file uploaded for an import: its bytes are on the storage directory (IMPORT_UPLOAD_DIR, shared
 * by every process of a deployment), this row says whose it is and where. Removed after a day.
 */
export const uploads = pgTable(
  "uploads",
  {
    id: uuid("id").primaryKey(),
    owner: text("owner")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    fileName: text("file_name").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    sha256: text("sha256").notNull(),
    /** Relative to the storage directory. */
    storagePath: text("storage_path").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("uploads_created_idx").on(t.createdAt)],
);

/**
 * An import job (a dry run or a commit), queued by the request that starts it and run by any
 * server process's runner, which claims it with FOR UPDATE SKIP LOCKED and heartbeats while it
 * runs; progress and result are read from here by any process.
 */
export const importJobs = pgTable(
  "import_jobs",
  {
    id: uuid("id").primaryKey(),
    owner: text("owner")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["dryRun", "commit"] }).notNull(),
    /**
     * The import request (without the file's path: the upload id) and the actor. `json`, not
     * `jsonb`, here and in `result`: the text is kept as written, keys in their order (jsonb sorts
     * them, and a preview's before → after columns are shown in the order of the file).
     */
    request: json("request").$type<Record<string, unknown>>().notNull(),
    status: text("status", { enum: ["queued", "running", "done", "failed"] })
      .notNull()
      .default("queued"),
    phase: text("phase").notNull().default("read"),
    done: integer("done").notNull().default(0),
    total: integer("total").notNull().default(0),
    result: json("result"),
    /** { code, message, phase? }: what went wrong and where. */
    error: jsonb("error").$type<{ code: string; message: string; phase?: string }>(),
    /** host:pid:random of the runner that claimed it. */
    claimedBy: text("claimed_by"),
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    attempts: integer("attempts").notNull().default(0),
  },
  (t) => [index("import_jobs_status_idx").on(t.status, t.createdAt), index("import_jobs_owner_idx").on(t.owner)],
);
