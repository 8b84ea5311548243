import { openDb } from "./db/client";
import { explorerAttributes } from "./db/explorer";
const o = await openDb({ pgliteDir: process.argv[2]!, migrate: false });
for (const d of ["2023-06-30", "2022-08-25", "2024-01-31", "2023-06-30"]) { const t = performance.now(); await explorerAttributes({ db: o.db, scope: { unitId: "p-11", structure: "post2025" }, date: d }); console.log(d, (performance.now() - t).toFixed(0)); }
await o.close();
