import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Debian's poppler-utils (pdftotext, pdfinfo, pdfimages, pdftoppm): `apt-get install -y poppler-utils`. */
function tool(name: string): string {
  const bin = `/usr/bin/${name}`;
  if (!existsSync(bin))
    throw new Error(
      `${bin} is missing: run \`node scripts/ensure-test-tools.mjs\` (as root it installs poppler-utils; otherwise it prints the apt-get command)`,
    );
  return bin;
}

/** The text of each page, in reading order with the layout kept (pdftotext -layout; pages split on form feeds). */
export async function pdfPageTexts(file: string): Promise<string[]> {
  const { stdout } = await run(tool("pdftotext"), ["-layout", "-enc", "UTF-8", file, "-"], { maxBuffer: 32 << 20 });
  const pages = stdout.split("\f");
  if (pages.at(-1)?.trim() === "") pages.pop();
  return pages;
}

/** Page count and the size of page 1 in points. */
export async function pdfInfo(file: string): Promise<{ pages: number; width: number; height: number }> {
  const { stdout } = await run(tool("pdfinfo"), [file]);
  const pages = Number(/^Pages:\s+(\d+)/m.exec(stdout)?.[1]);
  const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(stdout);
  return { pages, width: Number(size?.[1]), height: Number(size?.[2]) };
}

/** Raster images embedded per page (pdfimages -list): page number → count. */
export async function pdfImagesPerPage(file: string): Promise<Map<number, number>> {
  const { stdout } = await run(tool("pdfimages"), ["-list", file]);
  const out = new Map<number, number>();
  for (const line of stdout.split("\n").slice(2)) {
    const page = Number(line.trim().split(/\s+/)[0]);
    if (Number.isInteger(page) && page > 0) out.set(page, (out.get(page) ?? 0) + 1);
  }
  return out;
}

/** Renders one page to a PNG file (pdftoppm), at `dpi`. */
export async function pdfPageToPng(file: string, page: number, outPrefix: string, dpi = 80): Promise<string> {
  await run(tool("pdftoppm"), ["-png", "-r", String(dpi), "-f", String(page), "-l", String(page), "-singlefile", file, outPrefix]);
  return `${outPrefix}.png`;
}
