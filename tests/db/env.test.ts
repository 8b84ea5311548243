// db/env.ts: the environment is validated once, and a bad value is named in the error.
import { describe, it, expect } from "vitest";
import { readEnv } from "../../db/env";

describe("readEnv", () => {
  it("accepts an empty environment: PGlite, migrations on start", () => {
    expect(readEnv({})).toEqual({ DB_MIGRATE_ON_START: "true" });
  });

  it.each(["postgres://postgres@127.0.0.1:5432/gapmap", "postgresql://u:p@db.example/gapmap?sslmode=require"])("accepts DATABASE_URL=%s", (url) => {
    expect(readEnv({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
  });

  it("treats an empty variable as unset", () => {
    expect(readEnv({ DATABASE_URL: "", PGLITE_DIR: "" })).toEqual({ DB_MIGRATE_ON_START: "true" });
  });

  it("rejects a MySQL URL with a message naming DATABASE_URL", () => {
    expect(() => readEnv({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL: must start with postgres:\/\//);
  });

  it("rejects DB_MIGRATE_ON_START other than true or false, naming it", () => {
    expect(() => readEnv({ DB_MIGRATE_ON_START: "yes" })).toThrow(/DB_MIGRATE_ON_START/);
  });
});
