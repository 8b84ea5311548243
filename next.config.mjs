import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./app/_i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules at run time, not bundled;
  // piscina starts its worker threads from its own files (db/ingest/worker/pool.ts).
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "piscina"],
  // No remote images: the dashboard runs offline.
  images: { unoptimized: true },
  poweredByHeader: false,
  // auth: the headers every response carries, also on the static files proxy.ts does not see
  // (pages and API responses get these and their Content-Security-Policy from proxy.ts).
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
      // The one API route proxy.ts does not see (the upload, see proxy.ts): its CSP here.
      { source: "/api/import/upload", headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }] },
    ];
  },
};

export default withNextIntl(nextConfig);
