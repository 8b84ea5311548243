// npm run bench — the explorer on Điện Biên (1,448 hamlets): the client computations that run on
// every indicator or filter switch (computeView, summarise; target: far below 100 ms), and the
// bytes of the province view as sent (gzip), printed once.
import { gzipSync } from "node:zlib";
import { bench, describe, inject } from "vitest";
import { openSeeded } from "../tests/support/seeded-db";
import { explorerAttributes } from "@/app/_screens/explorer";
import { explorerUnits, provinceOfScope } from "../db/queries/explorer";
import { boundaryMap } from "../db/queries/map";
import { buildTree, computeView, indexed, summarise } from "../app/_map/explorer/model";
import { DEFAULTS } from "../app/_map/view-state";
import { scopeOf } from "../db/queries/scope";

const o = await openSeeded("pglite", inject("seededPgliteDir"));
const scope = scopeOf("p-11", "post2025");
const province = (await provinceOfScope({ db: o.db, scope }))!;
const units = await explorerUnits({ db: o.db, scope });
const attrs = await explorerAttributes({ db: o.db, scope, date: "2023-06-30" });
const cmp = await explorerAttributes({ db: o.db, scope, date: "2022-08-25" });
const geometry = await Promise.all((["hamlet", "commune", "province"] as const).map((level) => boundaryMap({ db: o.db, scope, level })));
await o.cleanup();

const gz = (x: unknown) => gzipSync(JSON.stringify(x)).length;
const parts = {
  units: gz({ province, structure: "post2025", units }),
  attributes: gz(attrs),
  hamletGeometry: gz(geometry[0]),
  communeGeometry: gz(geometry[1]),
  provinceGeometry: gz(geometry[2]),
};
console.log(
  `[province view, gzip] ${Object.entries(parts)
    .map(([k, v]) => `${k} ${(v / 1024).toFixed(0)} KB`)
    .join(", ")}; total ${(Object.values(parts).reduce((a, b) => a + b, 0) / 1024).toFixed(0)} KB (budget 1024 KB)`,
);

const tree = buildTree({ province, structure: "post2025", units });
const hamlets = indexed(attrs.hamlets);

describe(`explorer view for ${attrs.hamlets.ids.length} hamlets`, () => {
  bench("computeView: activation rate, quantiles", () => {
    computeView({ tree, attrs, state: { ...DEFAULTS, ind: "activation_rate" } });
  });
  bench("computeView: people to reach (circles), natural breaks, filters", () => {
    computeView({ tree, attrs, state: { ...DEFAULTS, ind: "to_reach", method: "jenks", f: ["no4g", "nogrid"], act: 60 } });
  });
  bench("computeView: change between two dates (diverging)", () => {
    computeView({ tree, attrs, cmpAttrs: cmp, state: { ...DEFAULTS, cmp: "2022-08-25" } });
  });
  bench("summarise: filter counts for the province", () => {
    summarise(tree, hamlets, { unit: "p-11", f: ["no4g"], act: 60 });
  });
});
