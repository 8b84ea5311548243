#!/usr/bin/env node
// The programs the tests drive, outside node_modules: Debian packages. `npm test` runs this first.
//
//   node scripts/ensure-test-tools.mjs          install what is missing (as root, with apt-get), or stop
//                                               at once with the command to run
//   node scripts/ensure-test-tools.mjs --check  install nothing: exit 1 with the command if anything is missing
//
// Idempotent and fast when everything is there (a few file checks, no apt call). To need another
// package, add one entry to TOOLS: its Debian name and the files the tests use from it.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

/** @type {{ apt: string; files: string[]; why: string }[]} */
const TOOLS = [
  { apt: "chromium", files: ["/usr/bin/chromium"], why: "browser tests (playwright-core drives Debian's Chromium)" },
  { apt: "fonts-dejavu-core", files: ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"], why: "Chromium's fallback font" },
  { apt: "poppler-utils", files: ["/usr/bin/pdftotext", "/usr/bin/pdfinfo", "/usr/bin/pdfimages", "/usr/bin/pdftoppm"], why: "briefing-PDF checks" },
  { apt: "libreoffice-calc-nogui", files: ["/usr/bin/soffice"], why: "spreadsheet checks: exports opened in LibreOffice, workbooks it saves" },
  { apt: "postgresql-client", files: ["/usr/bin/pg_dump", "/usr/bin/pg_restore", "/usr/bin/psql"], why: "backup/restore test" },
];

/** The entries whose files are not all present. */
function missingTools(tools = TOOLS) {
  return tools.filter((t) => !t.files.every((f) => existsSync(f)));
}

/** The command a person runs to install `tools` (with sudo unless already root). */
function installCommand(tools) {
  const sudo = process.getuid?.() === 0 ? "" : "sudo ";
  return `${sudo}apt-get update && ${sudo}apt-get install -y ${tools.map((t) => t.apt).join(" ")}`;
}

function hasAptGet() {
  try {
    execFileSync("apt-get", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function describe(tools) {
  return tools.map((t) => `  ${t.apt} — ${t.why}: missing ${t.files.filter((f) => !existsSync(f)).join(", ")}`).join("\n");
}

function stop(message) {
  console.error(`\nensure-test-tools: ${message}\n`);
  process.exit(1);
}

function main() {
  const checkOnly = process.argv.includes("--check");
  const missing = missingTools();
  if (missing.length === 0) return;

  const apt = hasAptGet();
  const root = process.getuid?.() === 0;
  if (checkOnly || !apt || !root) {
    const how = !apt
      ? `this machine has no apt-get. Install the Debian packages ${missing.map((t) => t.apt).join(", ")} ` +
        "(or the same programs at these paths) and run the tests again."
      : `run this, then the tests again:\n\n    ${installCommand(missing)}`;
    const why = checkOnly ? "" : !apt ? "Nothing was installed: " : "Not root, so nothing was installed: ";
    stop(`the tests need programs that are not installed:\n${describe(missing)}\n\n${why}${how}`);
  }

  const names = missing.map((t) => t.apt);
  console.log(`ensure-test-tools: installing ${names.join(" ")} (apt-get update, then apt-get install) …`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  try {
    // Wait for another apt/dpkg run to finish instead of failing on its lock.
    const lock = ["-o", "DPkg::Lock::Timeout=300"];
    execFileSync("apt-get", [...lock, "update", "-qq"], { stdio: "inherit", env });
    execFileSync("apt-get", [...lock, "install", "-y", "-qq", ...names], { stdio: ["ignore", "ignore", "inherit"], env });
  } catch (err) {
    stop(`apt-get failed (${err.message.split("\n")[0]}). Run it yourself to see why:\n\n    ${installCommand(missing)}`);
  }
  const still = missingTools(missing);
  if (still.length > 0) stop(`apt-get installed ${names.join(" ")}, but files are still missing:\n${describe(still)}`);
  console.log(`ensure-test-tools: installed ${names.join(" ")}`);
}

main();
