// Vitest runs db/ modules outside Next.js; the real "server-only" package throws there by design.
export {};
