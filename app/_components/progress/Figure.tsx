import type { ReactNode } from "react";

/** A chart with its title and its caption (what it shows, the as-of date, the data source). */
export function Figure({
  id,
  title,
  caption,
  children,
  className,
}: {
  id: string;
  title: string;
  caption: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <figure className={`chart ${className ?? ""}`} data-chart={id} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      <div className="chart-body">{children}</div>
      <figcaption>{caption}</figcaption>
    </figure>
  );
}
