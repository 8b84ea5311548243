"use client";

import type { Dispatch } from "react";
import type { MatchGroup, Preview, Resolution } from "@/db/ingest/types";
import type { Problem } from "@/db/ingest/problems";
import type { Choices, Decision, ImportAction } from "../state";
import { byFeature, rowHeader, type Translate } from "../text";

type Communes = { id: string; label: string }[];
type Props = { preview: Preview; choices: Choices; communes: Communes; t: Translate; dispatch: Dispatch<ImportAction> };

/**
 * Step 4, what the person decides: which unit an ambiguous or unknown name is (or a new hamlet, or
 * skip its rows), and per problem row accept the flag or skip the row — or all at once.
 */
export function Resolutions(props: Props) {
  return (
    <>
      <Matches {...props} />
      <Problems {...props} />
    </>
  );
}

/** The names of the file matched to units; the open ones (no unit yet) first, each with its choice. */
function Matches({ preview: p, choices, communes, t, dispatch }: Props) {
  if (!p.matches.length) return null;
  const open = p.matches.filter((m) => !m.unitId && m.how !== "resolved");
  const set = (key: string, resolution: Resolution | null) => dispatch({ type: "resolutionChanged", key, resolution });
  return (
    <div className="import-section" data-testid="matches">
      <h3>{t("preview.matches")}</h3>
      <table className="import-table">
        <thead>
          <tr>
            <th>{rowHeader(t, p)}</th>
            <th>{t("preview.matchFile")}</th>
            <th>{t("preview.matchUnit")}</th>
          </tr>
        </thead>
        <tbody>
          {[...open, ...p.matches.filter((m) => !open.includes(m))].slice(0, 300).map((m) => (
            <tr key={m.key}>
              <td className="num">
                {m.rows.slice(0, 5).join(", ")}
                {m.rowCount > 5 ? "…" : ""}
              </td>
              <td>{[m.commune, m.hamlet ?? m.code].filter(Boolean).join(" / ")}</td>
              <td>
                {m.unitId || m.how === "resolved" ? (
                  <span>
                    {m.unitName ?? ""}{" "}
                    <small>
                      ({t(`preview.matchHow.${m.how ?? "name"}`)}
                      {m.communeName ? ` · ${m.communeName}` : ""})
                    </small>
                  </span>
                ) : (
                  <Resolve group={m} t={t} resolutions={choices.resolutions} set={set} communes={communes} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type ResolveProps = {
  group: MatchGroup;
  t: Translate;
  resolutions: Record<string, Resolution>;
  set: (key: string, r: Resolution | null) => void;
  communes: Communes;
};

/** Picks a unit for an ambiguous/unknown name (per row when one name stands for several rows), creates a hamlet, or skips. */
function Resolve({ group, t, resolutions, set, communes }: ResolveProps) {
  const keys = group.status === "ambiguous" && group.rowCount > 1 ? group.rows.map((r) => `row:${r}`) : [group.key];
  const choose = (key: string, v: string) => {
    if (v === "") set(key, null);
    else if (v === "skip") set(key, { action: "skip" });
    else if (v === "create")
      set(key, { action: "create", name: group.hamlet ?? "", type: "bản", communeId: group.communeId ?? communes[0]?.id ?? "", lon: 0, lat: 0 });
    else set(key, { action: "unit", unitId: v });
  };
  return (
    <div>
      <div className={group.status === "ambiguous" ? "sev-flag" : "sev-error"}>
        {t(group.status === "ambiguous" ? "preview.ambiguous" : "preview.unmatched")}
      </div>
      {keys.map((key) => {
        const r = resolutions[key];
        return (
          <div key={key} className="import-resolve">
            {keys.length > 1 ? <span>{t("preview.rowsLabel", { rows: key.slice(4) })}</span> : null}
            <select data-testid={`resolve-${key}`} value={r?.action === "unit" ? r.unitId : (r?.action ?? "")} onChange={(e) => choose(key, e.target.value)}>
              <option value="">{t("preview.pick")}</option>
              {group.candidates.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                  {c.commune ? ` (${c.commune})` : ""}
                </option>
              ))}
              <option value="create">{t("preview.createHamlet")}</option>
              <option value="skip">{t("preview.skipRows")}</option>
            </select>
            {r?.action === "create" ? <CreateHamlet r={r} t={t} communes={communes} set={(next) => set(key, next)} /> : null}
          </div>
        );
      })}
    </div>
  );
}

type Create = Extract<Resolution, { action: "create" }>;
const HAMLET_TYPES = ["bản", "thôn", "xóm", "tổ dân phố"] as const;

/** A new hamlet for a name: its name and commune (from the file at first), its type and its point. */
function CreateHamlet({ r, t, communes, set }: { r: Create; t: Translate; communes: Communes; set: (r: Create) => void }) {
  return (
    <>
      <label className="import-create-field">
        {t("preview.createName")}
        <input value={r.name} onChange={(e) => set({ ...r, name: e.target.value })} />
      </label>
      <label className="import-create-field">
        {t("preview.createType")}
        <select value={r.type} onChange={(e) => set({ ...r, type: e.target.value as Create["type"] })}>
          {HAMLET_TYPES.map((x) => (
            <option key={x} value={x}>
              {x}
            </option>
          ))}
        </select>
      </label>
      <label className="import-create-field">
        {t("preview.createCommune")}
        <select value={r.communeId} onChange={(e) => set({ ...r, communeId: e.target.value })}>
          {communes.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <label className="import-create-field">
        {t("preview.lat")}
        <input type="number" step="0.00001" value={r.lat || ""} placeholder="21.3" onChange={(e) => set({ ...r, lat: Number(e.target.value) })} />
      </label>
      <label className="import-create-field">
        {t("preview.lon")}
        <input type="number" step="0.00001" value={r.lon || ""} placeholder="103.4" onChange={(e) => set({ ...r, lon: Number(e.target.value) })} />
      </label>
    </>
  );
}

/** Every problem with its row (or feature), value and message; a decision where one can be taken; skip all / accept all. */
function Problems({ preview: p, choices, t, dispatch }: Props) {
  const decidable = p.problems.filter(
    (x) => x.row !== null && (x.severity === "flag" || (x.severity === "error" && x.code !== "unknownUnit" && x.code !== "ambiguousUnit")),
  );
  const decide = (row: number, decision: Decision | null) => dispatch({ type: "decisionChanged", row, decision });
  return (
    <div className="import-section" data-testid="problems">
      <h3>{t("preview.problems")}</h3>
      {p.problems.length === 0 ? (
        <p>{t("preview.noProblems")}</p>
      ) : (
        <table className="import-table">
          <thead>
            <tr>
              <th>{t("preview.severityHeader")}</th>
              <th>{rowHeader(t, p)}</th>
              <th>{t("preview.value")}</th>
              <th>{t("preview.message")}</th>
              <th>{t("preview.decision")}</th>
            </tr>
          </thead>
          <tbody>
            {p.problems.map((x, i) => (
              <tr key={i}>
                <td className={`sev-${x.severity}`}>{t(`preview.severity.${x.severity}`)}</td>
                <td className="num">{x.row ?? ""}</td>
                <td>{x.value ?? ""}</td>
                <td>{problemText(t, x, byFeature(p))}</td>
                <td>
                  {decidable.includes(x) ? (
                    <DecisionSelect row={x.row!} flag={x.severity === "flag"} t={t} value={choices.decisions[String(x.row)]} decide={decide} />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {p.problemsOmitted > 0 ? <p>{t("preview.problemsOmitted", { count: p.problemsOmitted })}</p> : null}
      <div className="import-actions">
        <label>
          <input type="checkbox" checked={choices.skipInvalid} onChange={(e) => dispatch({ type: "skipInvalidChanged", value: e.target.checked })} />{" "}
          {t("preview.skipInvalid")}
        </label>
        <label>
          <input type="checkbox" checked={choices.acceptFlags} onChange={(e) => dispatch({ type: "acceptFlagsChanged", value: e.target.checked })} />{" "}
          {t("preview.acceptFlags")}
        </label>
      </div>
    </div>
  );
}

type DecisionProps = { row: number; flag: boolean; t: Translate; value: Decision | undefined; decide: (row: number, d: Decision | null) => void };

function DecisionSelect({ row, flag, t, value, decide }: DecisionProps) {
  return (
    <select value={value ?? ""} aria-label={`${t("preview.decision")} ${row}`} onChange={(e) => decide(row, (e.target.value || null) as Decision | null)}>
      <option value="">—</option>
      {flag ? <option value="accept">{t("preview.accept")}</option> : null}
      <option value="skip">{t("preview.skip")}</option>
    </select>
  );
}

/**
 * A problem in the user's language. The messages say "Row N: …"; in a map file N is a feature
 * index, so that opening is said as "Feature N" there.
 */
export function problemText(t: Translate, x: Problem, byFeature = false): string {
  const text = t(`problems.${x.code}`, { ...x.params, row: x.row ?? "", column: x.column ?? "", value: x.value ?? "" });
  if (!byFeature || x.row === null) return text;
  const rowAt = t("preview.rowAt", { row: x.row });
  return text.startsWith(rowAt) ? t("preview.featureAt", { row: x.row }) + text.slice(rowAt.length) : text;
}
