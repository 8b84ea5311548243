"use client";

import { useMemo, useState, type Dispatch, type ReactNode, type SetStateAction } from "react";
import { PAGE_SIZE } from "./gap-display";

/**
 * Paging and selection of a filtered hamlet table (priorities, telecom): PAGE_SIZE rows a page, the
 * page kept in range as the filters shrink the rows, and a hamlet selected on the map turns the
 * table to its page.
 */
export function useHamletTable<R extends { id: string }>(filtered: readonly R[]) {
  const [page, setPage] = useState(0);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const pages = Math.max(1, Math.ceil(filtered.length / PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  const pageRows = useMemo(() => filtered.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE), [filtered, current]);
  const select = (id: string | null, fromMap = false) => {
    setSelectedId(id);
    if (id && fromMap) {
      const i = filtered.findIndex((r) => r.id === id);
      if (i >= 0) setPage(Math.floor(i / PAGE_SIZE));
    }
  };
  /** A filter's setter that also turns the table back to its first page. */
  const filterBy =
    <V,>(set: Dispatch<SetStateAction<V>>) =>
    (value: V) => {
      set(value);
      setPage(0);
    };
  return { pages, current, setPage, filterBy, pageRows, selectedId, select };
}

/** A hamlet's row, its name cell after the `before` cells: clicking the row (or the name, a button for the keyboard) selects the hamlet. */
export function HamletRow({
  id,
  name,
  selected,
  onSelect,
  before,
  children,
}: {
  id: string;
  name: string;
  selected: boolean;
  onSelect(): void;
  before?: ReactNode;
  children: ReactNode;
}) {
  return (
    <tr data-id={id} aria-selected={selected} className={selected ? "selected" : undefined} onClick={onSelect}>
      {before}
      <td>
        <button
          type="button"
          className="link-button"
          onClick={(e) => {
            e.stopPropagation();
            onSelect();
          }}
        >
          {name}
        </button>
      </td>
      {children}
    </tr>
  );
}

/** The table's name search (the caller turns the table back to its first page). */
export function SearchFilter({ label, value, onChange, testId }: { label: string; value: string; onChange(value: string): void; testId?: string }) {
  return (
    <label>
      {label}
      <input type="search" value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} />
    </label>
  );
}

/** A filter choosing one of `options`, or all of them (""). */
export function ChoiceFilter<V extends string>({
  label,
  value,
  all,
  options,
  onChange,
  testId,
}: {
  label: string;
  value: V | "";
  all: string;
  options: readonly { value: V; label: string }[];
  onChange(value: V | ""): void;
  testId?: string;
}) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value as V | "")} data-testid={testId}>
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
