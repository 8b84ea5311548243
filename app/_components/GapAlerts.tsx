import type { ReactNode } from "react";
import type { z } from "zod";

/** A page whose URL parameters do not parse: each issue with the parameter it is about. */
export function ParamError({ title, error }: { title: string; error: z.ZodError }) {
  return (
    <main className="gap-page">
      <div role="alert" className="gap-error">
        <p>{title}</p>
        <ul>
          {error.issues.map((i) => (
            <li key={i.path.join(".") + i.message}>
              <code>{i.path.join(".")}</code>: {i.message}
            </li>
          ))}
        </ul>
      </div>
    </main>
  );
}

/** A page with nothing to show for its scope (a unit not in the structure, no report): the scope form, and why. */
export function ScopeAlert({ form, message }: { form: ReactNode; message: string }) {
  return (
    <main className="gap-page">
      {form}
      <p role="alert" className="gap-error">
        {message}
      </p>
    </main>
  );
}
