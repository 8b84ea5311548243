import { MapIsland } from "./_map/MapIsland";
import { requirePage } from "@/app/_auth/page";
import { parseViewState } from "./_map/view-state";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * The map explorer. The whole view (indicator, layers, filters, date, unit, position …) comes from
 * the URL, parsed with zod (app/_map/view-state.ts): missing or bad fields take their defaults, so
 * old links such as `?unit=p-11&structure=post2025` still open.
 */
export default async function Page({ searchParams }: { searchParams: SearchParams }) {
  const { params } = await requirePage("/", await searchParams);
  const initial = parseViewState(params);
  return <MapIsland initial={initial} />;
}
