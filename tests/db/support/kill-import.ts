import { openDb } from "../../../db/client";
import { commitImport } from "../../../db/ingest/run";
import { testActor } from "../../support/actor";
import { indicatorsRequest } from "../../../bench/import-data";

const [target, file, killAfter] = process.argv.slice(2) as [string, string, string];
const o = target.startsWith("postgres") ? await openDb({ url: target, migrate: false }) : await openDb({ pgliteDir: target, migrate: false });
await commitImport({
  db: o.db,
  req: indicatorsRequest(file),
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
