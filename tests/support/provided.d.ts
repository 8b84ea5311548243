// Values the vitest globalSetup hands to test files with provide(); read them with inject().
declare module "vitest" {
  export interface ProvidedContext {
    /** A PGlite data directory, migrated and seeded with the demo data. Copy it before writing to it. */
    seededPgliteDir: string;
    /** A PostgreSQL database of this run's own, migrated and seeded ("" without TEST_DATABASE_URL). Read-only for tests. */
    seededPostgresUrl: string;
  }
}
export {};
