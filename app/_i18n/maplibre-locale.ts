/**
 * MapLibre's control labels ("NavigationControl.ZoomIn", …) from the nested `map.mapControls`
 * messages: next-intl does not allow dots in message keys, so the messages nest by control and
 * this flattens them back into MapLibre's keys.
 */
export function maplibreLocale(nested: Readonly<Record<string, Readonly<Record<string, string>>>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [control, labels] of Object.entries(nested)) for (const [name, text] of Object.entries(labels)) out[`${control}.${name}`] = text;
  return out;
}
