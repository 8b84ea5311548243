#!/usr/bin/env bash
# Run ONCE, by a maintainer, after the branches that move files (app/_screens/, the split of
# db/queries/imports.ts, the one map component) are merged: it brings the whole tree under the
# formatter and prints what is left to fix by hand. Commit its result as one "format the tree" commit
# (git blame can skip it: add that commit's hash to .git-blame-ignore-revs).
#
#   bash scripts/lint-adopt.sh
#
# 1. rewrites the comments that cite STACK.md (a document that is not in the repository) to cite
#    docs/DEVELOPING.md's sections, wherever the files now live (by pattern, not by file name);
# 2. formats the tree and applies Biome's safe fixes (npm run lint:fix);
# 3. prints what remains, per rule and per file: the manual fixes, listed in docs/DEVELOPING.md.
set -uo pipefail
cd "$(dirname "$0")/.."

files=$(grep -rlE "STACK\.md" app db geo tests scripts bench --include='*.ts' --include='*.tsx' --include='*.mjs' 2>/dev/null | grep -v '^scripts/lint-' || true)
if [ -n "$files" ]; then
  # shellcheck disable=SC2086
  sed -i \
    -e "s/(STACK\.md gotcha 2: dynamic() inside a client component)/(docs\/DEVELOPING.md, \"Client-only components\": dynamic() inside a client component)/" \
    -e "s/(see STACK\.md gotcha 1)/(docs\/DEVELOPING.md, \"MapLibre's worker\")/" \
    -e "s/(STACK\.md gotcha 1)/(docs\/DEVELOPING.md, \"MapLibre's worker\")/" \
    -e "s/(STACK\.md gotcha 2)/(docs\/DEVELOPING.md, \"Client-only components\")/" \
    -e "s/STACK\.md gotcha 3/docs\/DEVELOPING.md, \"PGlite\"/" \
    -e "s/(STACK\.md gotcha 4)/(docs\/DEVELOPING.md, \"Two drivers, one schema\")/" \
    -e "s/\"software\" (default, STACK\.md's flags)/\"software\" (default, the flags of docs\/DEVELOPING.md, \"Headless Chromium\")/" \
    -e "s/The flags are those of STACK\.md:/The flags are those of docs\/DEVELOPING.md, \"Headless Chromium\":/" \
    $files
  echo "rewrote the STACK.md citations in: $files"
fi

npx biome check --write . >/dev/null 2>&1 || true

echo
echo "== what Biome still reports (fix by hand; docs/DEVELOPING.md, \"Lint rules\") =="
npx biome lint --max-diagnostics=none --reporter=summary . 2>&1 | sed -n '/The following lint rules have violations/,$p'
echo
echo "== per file =="
npx biome check --max-diagnostics=none --reporter=json . 2>/dev/null | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    const by = new Map();
    for (const d of JSON.parse(s).diagnostics) {
      const k = `${d.location?.path ?? "?"}  ${d.category}`;
      by.set(k, (by.get(k) ?? 0) + 1);
    }
    for (const [k, n] of [...by].sort()) console.log(`${String(n).padStart(3)}  ${k}`);
  });'
echo
echo "== the house checks (scripts/lint-house.mjs) =="
node scripts/lint-house.mjs || true
