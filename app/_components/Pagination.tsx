/** Previous / "page N of M" / next under a paged table (priorities and telecom); `current` is 0-based. */
export function Pagination({
  current,
  pages,
  onPage,
  labels,
}: {
  current: number;
  pages: number;
  onPage: (page: number) => void;
  labels: { previous: string; next: string; page: string };
}) {
  return (
    <nav className="pagination" aria-label={labels.page}>
      <button type="button" onClick={() => onPage(current - 1)} disabled={current === 0}>
        {labels.previous}
      </button>
      <span>{labels.page}</span>
      <button type="button" onClick={() => onPage(current + 1)} disabled={current >= pages - 1}>
        {labels.next}
      </button>
    </nav>
  );
}
