// Child process for tests/db/import-kill.test.ts: runs a real import against a database and kills
// itself with SIGKILL (no cleanup, no rollback by the program) once `killAfter` rows have been
// written inside the transaction.
//   node --conditions=react-server --import tsx tests/db/support/kill-import.ts <pglite-dir | postgres-url> <file> <killAfter>
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { openDb } from "../../../db/client";
import { commitImport } from "../../../db/ingest/run";
import { scopeOf } from "../../../db/queries/scope";
import { testActor } from "../../support/actor";

const [target, file, killAfter] = process.argv.slice(2) as [string, string, string];
const o = target.startsWith("postgres") ? await openDb({ url: target, migrate: false }) : await openDb({ pgliteDir: target, migrate: false });
await commitImport({
  db: o.db,
  req: {
    kind: "indicators",
    filePath: file,
    fileName: path.basename(file),
    sha256: createHash("sha256").update(readFileSync(file)).digest("hex"),
    scope: scopeOf("p-11", "post2025"),
    today: "2026-11-23",
  },
  actor: testActor("kill-test"),
  onProgress: (p) => {
    if (p.phase === "write" && p.done >= Number(killAfter)) {
      process.stdout.write(`killing after ${p.done} rows written\n`);
      process.kill(process.pid, "SIGKILL");
    }
  },
});
process.stdout.write("finished without being killed\n");
await o.close();
