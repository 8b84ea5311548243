import type { Locale } from "./app/_i18n/config";
import type { Messages } from "./app/_i18n/messages";

// Typed messages: a key used in code but missing from the Vietnamese files is a type error.
declare module "next-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: Messages;
  }
}
