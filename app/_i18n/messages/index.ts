import type { Locale } from "../config";
import viCommon from "./vi/common.json";
import enCommon from "./en/common.json";
import viMap from "./vi/map.json";
import enMap from "./en/map.json";
import viBriefing from "./vi/briefing.json";
import enBriefing from "./en/briefing.json";
import viDashboard from "./vi/dashboard.json";
import enDashboard from "./en/dashboard.json";
import viExplorer from "./vi/explorer.json";
import enExplorer from "./en/explorer.json";
import viImport from "./vi/import.json";
import enImport from "./en/import.json";
import viPlans from "./vi/plans.json";
import enPlans from "./en/plans.json";
import viPriorities from "./vi/priorities.json";
import enPriorities from "./en/priorities.json";
import viTelecom from "./vi/telecom.json";
import enTelecom from "./en/telecom.json";
import viAuth from "./vi/auth.json";
import enAuth from "./en/auth.json";
import viAudit from "./vi/audit.json";
import enAudit from "./en/audit.json";

/**
 * Messages by namespace, one JSON file per namespace and language (app/_i18n/messages/<lang>/<ns>.json),
 * so that features add their own file without touching the others. Add a namespace here, in both
 * languages; tests/app/i18n.test.ts fails when a key is missing in either.
 */
export const MESSAGES = {
  vi: {
    common: viCommon,
    map: viMap,
    briefing: viBriefing,
    dashboard: viDashboard,
    explorer: viExplorer,
    import: viImport,
    plans: viPlans,
    priorities: viPriorities,
    telecom: viTelecom,
    auth: viAuth,
    audit: viAudit,
  },
  en: {
    common: enCommon,
    map: enMap,
    briefing: enBriefing,
    dashboard: enDashboard,
    explorer: enExplorer,
    import: enImport,
    plans: enPlans,
    priorities: enPriorities,
    telecom: enTelecom,
    auth: enAuth,
    audit: enAudit,
  },
} satisfies Record<Locale, Record<string, unknown>>;

export type Messages = (typeof MESSAGES)["vi"];

export function messagesFor(locale: Locale): Messages {
  return MESSAGES[locale] as Messages;
}
