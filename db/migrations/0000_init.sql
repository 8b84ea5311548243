CREATE TYPE "public"."admin_level" AS ENUM('province', 'district', 'commune', 'hamlet');--> statement-breakpoint
CREATE TYPE "public"."admin_structure" AS ENUM('pre2025', 'post2025');--> statement-breakpoint
CREATE TYPE "public"."coverage_kind" AS ENUM('grid', '2g', '3g', '4g', 'fiber');--> statement-breakpoint
CREATE TYPE "public"."operator" AS ENUM('viettel', 'vnpt', 'mobifone');--> statement-breakpoint
CREATE TYPE "public"."signal_level" AS ENUM('none', 'weak', 'good');--> statement-breakpoint
CREATE TYPE "public"."site_kind" AS ENUM('school', 'cultural_house', 'commune_hq', 'health_station', 'wifi_point');--> statement-breakpoint
CREATE TABLE "admin_closure" (
	"structure" "admin_structure" NOT NULL,
	"ancestor_id" text NOT NULL,
	"descendant_id" text NOT NULL,
	"depth" integer NOT NULL,
	CONSTRAINT "admin_closure_structure_ancestor_id_descendant_id_pk" PRIMARY KEY("structure","ancestor_id","descendant_id")
);
--> statement-breakpoint
CREATE TABLE "admin_parents" (
	"structure" "admin_structure" NOT NULL,
	"child_id" text NOT NULL,
	"parent_id" text NOT NULL,
	CONSTRAINT "admin_parents_structure_child_id_pk" PRIMARY KEY("structure","child_id")
);
--> statement-breakpoint
CREATE TABLE "admin_successions" (
	"predecessor_id" text NOT NULL,
	"successor_id" text NOT NULL,
	"kind" text NOT NULL,
	"effective" date NOT NULL,
	"legal_basis" text,
	CONSTRAINT "admin_successions_predecessor_id_successor_id_pk" PRIMARY KEY("predecessor_id","successor_id")
);
--> statement-breakpoint
CREATE TABLE "admin_units" (
	"id" text PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"level" "admin_level" NOT NULL,
	"type" text NOT NULL,
	"name" text NOT NULL,
	"full_name" text NOT NULL,
	"name_folded" text NOT NULL,
	"aliases" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"geometry" jsonb,
	"label_lon" double precision,
	"label_lat" double precision,
	"bbox_west" double precision,
	"bbox_south" double precision,
	"bbox_east" double precision,
	"bbox_north" double precision,
	"pop2019" integer,
	"source" text NOT NULL,
	CONSTRAINT "admin_units_name_nonempty" CHECK (length("admin_units"."name") > 0),
	CONSTRAINT "admin_units_valid_range" CHECK ("admin_units"."valid_to" is null or "admin_units"."valid_to" >= "admin_units"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "hamlet_snapshots" (
	"hamlet_id" text NOT NULL,
	"as_of" date NOT NULL,
	"eligible" integer NOT NULL,
	"cccd_issued" integer NOT NULL,
	"received" integer NOT NULL,
	"activated" integer NOT NULL,
	"level2" integer NOT NULL,
	"reason_away" integer DEFAULT 0 NOT NULL,
	"reason_elderly_sick" integer DEFAULT 0 NOT NULL,
	"reason_no_phone_number" integer DEFAULT 0 NOT NULL,
	"reason_sim_not_own" integer DEFAULT 0 NOT NULL,
	"reason_no_smartphone" integer DEFAULT 0 NOT NULL,
	"reason_handset_2g" integer DEFAULT 0 NOT NULL,
	"reason_no_signal" integer DEFAULT 0 NOT NULL,
	"reason_other" integer DEFAULT 0 NOT NULL,
	"residents" integer NOT NULL,
	"ethnic_minority" integer NOT NULL,
	"households" integer NOT NULL,
	"poor_households" integer NOT NULL,
	"near_poor_households" integer NOT NULL,
	"without_smartphone" integer NOT NULL,
	"sim_need" integer NOT NULL,
	"import_id" integer,
	CONSTRAINT "hamlet_snapshots_hamlet_id_as_of_pk" PRIMARY KEY("hamlet_id","as_of"),
	CONSTRAINT "snap_funnel_order" CHECK ("hamlet_snapshots"."eligible" >= 0 and "hamlet_snapshots"."cccd_issued" <= "hamlet_snapshots"."eligible" and "hamlet_snapshots"."received" <= "hamlet_snapshots"."eligible" and "hamlet_snapshots"."activated" <= "hamlet_snapshots"."received" and "hamlet_snapshots"."level2" <= "hamlet_snapshots"."activated" and "hamlet_snapshots"."cccd_issued" >= 0 and "hamlet_snapshots"."level2" >= 0),
	CONSTRAINT "snap_reasons_partition" CHECK ("hamlet_snapshots"."reason_away" + "hamlet_snapshots"."reason_elderly_sick" + "hamlet_snapshots"."reason_no_phone_number" + "hamlet_snapshots"."reason_sim_not_own" + "hamlet_snapshots"."reason_no_smartphone" + "hamlet_snapshots"."reason_handset_2g" + "hamlet_snapshots"."reason_no_signal" + "hamlet_snapshots"."reason_other" = "hamlet_snapshots"."eligible" - "hamlet_snapshots"."activated"),
	CONSTRAINT "snap_reasons_nonneg" CHECK (least("hamlet_snapshots"."reason_away", "hamlet_snapshots"."reason_elderly_sick", "hamlet_snapshots"."reason_no_phone_number", "hamlet_snapshots"."reason_sim_not_own", "hamlet_snapshots"."reason_no_smartphone", "hamlet_snapshots"."reason_handset_2g", "hamlet_snapshots"."reason_no_signal", "hamlet_snapshots"."reason_other") >= 0),
	CONSTRAINT "snap_population" CHECK ("hamlet_snapshots"."eligible" <= "hamlet_snapshots"."residents" and "hamlet_snapshots"."ethnic_minority" between 0 and "hamlet_snapshots"."residents" and "hamlet_snapshots"."poor_households" + "hamlet_snapshots"."near_poor_households" <= "hamlet_snapshots"."households" and least("hamlet_snapshots"."poor_households", "hamlet_snapshots"."near_poor_households") >= 0 and "hamlet_snapshots"."without_smartphone" between 0 and "hamlet_snapshots"."eligible" and "hamlet_snapshots"."sim_need" between 0 and "hamlet_snapshots"."eligible")
);
--> statement-breakpoint
CREATE TABLE "targets" (
	"id" serial PRIMARY KEY NOT NULL,
	"unit_id" text NOT NULL,
	"metric" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"value" integer NOT NULL,
	"source" text NOT NULL,
	"import_id" integer,
	CONSTRAINT "targets_period" CHECK ("targets"."period_end" >= "targets"."period_start"),
	CONSTRAINT "targets_value" CHECK ("targets"."value" >= 0)
);
--> statement-breakpoint
CREATE TABLE "unit_figures" (
	"id" serial PRIMARY KEY NOT NULL,
	"unit_id" text NOT NULL,
	"as_of" date NOT NULL,
	"metric" text NOT NULL,
	"value" double precision NOT NULL,
	"source" text NOT NULL,
	"note" text,
	"import_id" integer
);
--> statement-breakpoint
CREATE TABLE "coverage_features" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" "coverage_kind" NOT NULL,
	"operator" "operator",
	"level" "signal_level",
	"as_of" date NOT NULL,
	"province_id" text NOT NULL,
	"geometry" jsonb NOT NULL,
	"bbox_west" double precision NOT NULL,
	"bbox_south" double precision NOT NULL,
	"bbox_east" double precision NOT NULL,
	"bbox_north" double precision NOT NULL,
	"source" text NOT NULL,
	"import_id" integer
);
--> statement-breakpoint
CREATE TABLE "hamlet_infrastructure" (
	"hamlet_id" text NOT NULL,
	"as_of" date NOT NULL,
	"grid" boolean NOT NULL,
	"fiber" boolean NOT NULL,
	"signal" jsonb NOT NULL,
	"source" text NOT NULL,
	CONSTRAINT "hamlet_infrastructure_hamlet_id_as_of_pk" PRIMARY KEY("hamlet_id","as_of")
);
--> statement-breakpoint
CREATE TABLE "sites" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" "site_kind" NOT NULL,
	"name" text NOT NULL,
	"hamlet_id" text,
	"lon" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"power" text NOT NULL,
	"backhaul" text NOT NULL,
	"attrs" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"import_id" integer
);
--> statement-breakpoint
CREATE TABLE "import_records" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"imported_by" text NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"counts" jsonb NOT NULL,
	"details" jsonb NOT NULL,
	"undone_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "scenarios" (
	"id" serial PRIMARY KEY NOT NULL,
	"unit_id" text NOT NULL,
	"structure" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"plan" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "admin_closure" ADD CONSTRAINT "admin_closure_ancestor_id_admin_units_id_fk" FOREIGN KEY ("ancestor_id") REFERENCES "public"."admin_units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admin_closure" ADD CONSTRAINT "admin_closure_descendant_id_admin_units_id_fk" FOREIGN KEY ("descendant_id") REFERENCES "public"."admin_units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admin_parents" ADD CONSTRAINT "admin_parents_child_id_admin_units_id_fk" FOREIGN KEY ("child_id") REFERENCES "public"."admin_units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admin_parents" ADD CONSTRAINT "admin_parents_parent_id_admin_units_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."admin_units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admin_successions" ADD CONSTRAINT "admin_successions_predecessor_id_admin_units_id_fk" FOREIGN KEY ("predecessor_id") REFERENCES "public"."admin_units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admin_successions" ADD CONSTRAINT "admin_successions_successor_id_admin_units_id_fk" FOREIGN KEY ("successor_id") REFERENCES "public"."admin_units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hamlet_snapshots" ADD CONSTRAINT "hamlet_snapshots_hamlet_id_admin_units_id_fk" FOREIGN KEY ("hamlet_id") REFERENCES "public"."admin_units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hamlet_snapshots" ADD CONSTRAINT "hamlet_snapshots_import_id_import_records_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."import_records"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "targets" ADD CONSTRAINT "targets_unit_id_admin_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."admin_units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "targets" ADD CONSTRAINT "targets_import_id_import_records_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."import_records"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_figures" ADD CONSTRAINT "unit_figures_unit_id_admin_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."admin_units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_figures" ADD CONSTRAINT "unit_figures_import_id_import_records_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."import_records"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coverage_features" ADD CONSTRAINT "coverage_features_province_id_admin_units_id_fk" FOREIGN KEY ("province_id") REFERENCES "public"."admin_units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coverage_features" ADD CONSTRAINT "coverage_features_import_id_import_records_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."import_records"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hamlet_infrastructure" ADD CONSTRAINT "hamlet_infrastructure_hamlet_id_admin_units_id_fk" FOREIGN KEY ("hamlet_id") REFERENCES "public"."admin_units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sites" ADD CONSTRAINT "sites_hamlet_id_admin_units_id_fk" FOREIGN KEY ("hamlet_id") REFERENCES "public"."admin_units"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sites" ADD CONSTRAINT "sites_import_id_import_records_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."import_records"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "admin_closure_desc_idx" ON "admin_closure" USING btree ("structure","descendant_id");--> statement-breakpoint
CREATE INDEX "admin_parents_parent_idx" ON "admin_parents" USING btree ("structure","parent_id");--> statement-breakpoint
CREATE INDEX "admin_units_level_idx" ON "admin_units" USING btree ("level");--> statement-breakpoint
CREATE INDEX "admin_units_code_idx" ON "admin_units" USING btree ("code");--> statement-breakpoint
CREATE INDEX "admin_units_name_folded_idx" ON "admin_units" USING btree ("name_folded");--> statement-breakpoint
CREATE INDEX "hamlet_snapshots_as_of_idx" ON "hamlet_snapshots" USING btree ("as_of");--> statement-breakpoint
CREATE INDEX "targets_unit_idx" ON "targets" USING btree ("unit_id","metric");--> statement-breakpoint
CREATE INDEX "unit_figures_unit_idx" ON "unit_figures" USING btree ("unit_id","metric","as_of");--> statement-breakpoint
CREATE INDEX "coverage_layer_idx" ON "coverage_features" USING btree ("province_id","kind","as_of");--> statement-breakpoint
CREATE INDEX "sites_hamlet_idx" ON "sites" USING btree ("hamlet_id");--> statement-breakpoint
CREATE INDEX "import_records_sha_idx" ON "import_records" USING btree ("sha256");