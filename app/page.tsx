import { MapIsland } from "./_map/MapIsland";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** What the page shows without query parameters: Điện Biên, in the post-July-2025 structure. */
const DEFAULTS = { unit: "p-11", structure: "post2025" };

/**
 * The map. `unit` and `structure` are passed through as given; the API validates them and the
 * island shows its answer.
 */
export default async function Page({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const unit = first(params.unit) ?? DEFAULTS.unit;
  const structure = first(params.structure) ?? DEFAULTS.structure;
  return <MapIsland key={`${unit}|${structure}`} unit={unit} structure={structure} />;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
