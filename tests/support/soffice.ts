import { execFileSync } from "node:child_process";

/** The install command for LibreOffice's spreadsheet (headless), which some tests drive as a real client. */
export const SOFFICE_INSTALL = "apt-get install -y libreoffice-calc-nogui";

/** The path of `soffice` (LibreOffice), or a thrown error saying how to install it: a test that needs it fails, never skips. */
export function findSoffice(): string {
  for (const candidate of ["soffice", "libreoffice", "/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice"]) {
    try {
      execFileSync(candidate, ["--version"], { stdio: "pipe", timeout: 60_000 });
      return candidate;
    } catch {
      // try the next
    }
  }
  throw new Error(`LibreOffice (soffice) is not installed: ${SOFFICE_INSTALL}`);
}
