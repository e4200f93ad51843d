import type { Locale } from "./config";
import en from "./locales/en";
import zhCN from "./locales/zh-CN";

/** Every catalog, bundled: small enough that lazy loading would cost more than it saves. */
export const resources = {
  en: { translation: en },
  "zh-CN": { translation: zhCN },
} satisfies Record<Locale, { translation: typeof en }>;
