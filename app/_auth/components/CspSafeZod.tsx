"use client";

import { z } from "zod";

// Zod 4 compiles object parsers with `new Function()` when the page allows eval, and probes that
// with `Function("")` on the first parse. Under the CSP (no 'unsafe-eval') the probe is refused —
// harmless, zod falls back — but the browser reports a violation each time. Parsing without the JIT
// skips the probe. Rendered first in the root layout, so this runs before any island parses.
z.config({ jitless: true });

export function CspSafeZod() {
  return null;
}
