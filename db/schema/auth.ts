import { sql } from "drizzle-orm";
import { pgTable, pgEnum, text, boolean, timestamp, bigserial, index, uniqueIndex, check } from "drizzle-orm/pg-core";
import { adminStructure } from "./admin";
import { operator } from "./infrastructure";

/*
 * Accounts and sessions, in the shape better-auth's drizzle adapter reads (app/_auth/auth.ts passes
 * these tables to it by model name: user, session, account, verification). JS keys are the field
 * names better-auth uses; SQL columns are snake_case like the rest of the schema.
 */

/** What a person may do is decided by the role (the policy table) within the unit or operator they are bound to. */
export const userRole = pgEnum("user_role", ["administrator", "planner", "chief", "telecom", "viewer"]);

export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    /** Lower-case; the sign-in name. */
    email: text("email").notNull(),
    emailVerified: boolean("email_verified").notNull().default(false),
    image: text("image"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    role: userRole("role").notNull().default("viewer"),
    /** planner, chief, viewer: the unit (province p-…, district d-…, commune c19-…/c25-…) whose data they see; administrator: null = no data scope. */
    unitId: text("unit_id"),
    /** The structure the unit belongs to (a district exists only before 2025). */
    structure: adminStructure("structure"),
    /** telecom: the operator they speak for. */
    operator: operator("operator"),
    /** telecom: the provinces (p-…) they coordinate. */
    provinces: text("provinces").array().notNull().default(sql`'{}'::text[]`),
    /** A disabled account cannot sign in, and disabling it deletes its sessions (app/_auth/accounts.ts). */
    disabled: boolean("disabled").notNull().default(false),
  },
  (t) => [
    uniqueIndex("users_email_idx").on(t.email),
    check("users_email_lower", sql`${t.email} = lower(${t.email})`),
    check("users_unit_with_structure", sql`(${t.unitId} is null) = (${t.structure} is null)`),
    // Each role carries the binding it needs and no other (the admin screen and user:add validate the same).
    check(
      "users_role_binding",
      sql`case ${t.role}
        when 'telecom' then ${t.operator} is not null and cardinality(${t.provinces}) > 0 and ${t.unitId} is null
        when 'administrator' then ${t.operator} is null and cardinality(${t.provinces}) = 0
        else ${t.unitId} is not null and ${t.operator} is null and cardinality(${t.provinces}) = 0
      end`,
    ),
  ],
);

export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    /** The cookie carries this token (signed); a session is valid while its row exists and has not expired. */
    token: text("token").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [uniqueIndex("sessions_token_idx").on(t.token), index("sessions_user_idx").on(t.userId)],
);

/** How a user signs in: here only providerId "credential" (email + argon2id password hash). */
export const accounts = pgTable(
  "accounts",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: timestamp("access_token_expires_at", { withTimezone: true }),
    refreshTokenExpiresAt: timestamp("refresh_token_expires_at", { withTimezone: true }),
    scope: text("scope"),
    /** The PHC string $argon2id$v=19$m=…,t=…,p=…$salt$hash. */
    password: text("password"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("accounts_user_idx").on(t.userId), uniqueIndex("accounts_provider_account_idx").on(t.providerId, t.accountId)],
);

/** better-auth's one-time values (email verification, password-reset tokens); unused by the password login but part of its core schema. */
export const verifications = pgTable(
  "verifications",
  {
    id: text("id").primaryKey(),
    identifier: text("identifier").notNull(),
    value: text("value").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("verifications_identifier_idx").on(t.identifier)],
);

/**
 * Failed sign-ins (and failed current-password checks), one row each, for the limits per account
 * and per address (app/_auth/limits.ts). In the database, so every server process sees the same counts.
 */
export const loginFailures = pgTable(
  "login_failures",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** The lower-cased email that was tried (whether or not such an account exists). */
    account: text("account").notNull(),
    /** The client's address as the server saw it. */
    address: text("address").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("login_failures_account_idx").on(t.account, t.at), index("login_failures_address_idx").on(t.address, t.at)],
);

export type UserRow = typeof users.$inferSelect;
