CREATE TABLE "coverage_layers" (
	"id" serial PRIMARY KEY NOT NULL,
	"province_id" text NOT NULL,
	"kind" "coverage_kind" NOT NULL,
	"operator" "operator",
	"as_of" date NOT NULL,
	"source" text NOT NULL,
	"import_id" integer
);
--> statement-breakpoint
CREATE TABLE "coverage_reviews" (
	"id" serial PRIMARY KEY NOT NULL,
	"hamlet_id" text NOT NULL,
	"operator" "operator" NOT NULL,
	"kind" "coverage_kind" NOT NULL,
	"status" text NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"as_of" date NOT NULL,
	"reviewed_by" text NOT NULL,
	"reviewed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coverage_reviews_comment_len" CHECK (length("coverage_reviews"."comment") <= 2000)
);
--> statement-breakpoint
CREATE TABLE "column_mappings" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"header_signature" text NOT NULL,
	"mapping" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_changes" (
	"id" serial PRIMARY KEY NOT NULL,
	"import_id" integer NOT NULL,
	"table_name" text NOT NULL,
	"row_key" jsonb NOT NULL,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
ALTER TABLE "coverage_features" ADD COLUMN "layer_id" integer;--> statement-breakpoint
-- Hand-written backfill: one layer per delivered (province, kind, operator, date) of existing features.
INSERT INTO "coverage_layers" ("province_id", "kind", "operator", "as_of", "source", "import_id")
SELECT "province_id", "kind", "operator", "as_of", min("source"), min("import_id") FROM "coverage_features"
GROUP BY "province_id", "kind", "operator", "as_of";--> statement-breakpoint
UPDATE "coverage_features" f SET "layer_id" = l."id" FROM "coverage_layers" l
WHERE l."province_id" = f."province_id" AND l."kind" = f."kind" AND l."operator" IS NOT DISTINCT FROM f."operator" AND l."as_of" = f."as_of";--> statement-breakpoint
ALTER TABLE "coverage_features" ALTER COLUMN "layer_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "coverage_layers" ADD CONSTRAINT "coverage_layers_province_id_admin_units_id_fk" FOREIGN KEY ("province_id") REFERENCES "public"."admin_units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coverage_layers" ADD CONSTRAINT "coverage_layers_import_id_import_records_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."import_records"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coverage_reviews" ADD CONSTRAINT "coverage_reviews_hamlet_id_admin_units_id_fk" FOREIGN KEY ("hamlet_id") REFERENCES "public"."admin_units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_changes" ADD CONSTRAINT "import_changes_import_id_import_records_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."import_records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "coverage_layers_idx" ON "coverage_layers" USING btree ("province_id","kind","operator","as_of");--> statement-breakpoint
CREATE INDEX "coverage_reviews_hamlet_idx" ON "coverage_reviews" USING btree ("hamlet_id","operator","kind","reviewed_at");--> statement-breakpoint
CREATE INDEX "column_mappings_sig_idx" ON "column_mappings" USING btree ("kind","header_signature");--> statement-breakpoint
CREATE INDEX "import_changes_import_idx" ON "import_changes" USING btree ("import_id");--> statement-breakpoint
ALTER TABLE "coverage_features" ADD CONSTRAINT "coverage_features_layer_id_coverage_layers_id_fk" FOREIGN KEY ("layer_id") REFERENCES "public"."coverage_layers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "coverage_features_layer_idx" ON "coverage_features" USING btree ("layer_id");