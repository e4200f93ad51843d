import type { Locale } from "./config";
import en from "./locales/en";
import type { Catalog } from "./locales/catalog";
import ptBR from "./locales/pt-BR";
import ru from "./locales/ru";
import zhCN from "./locales/zh-CN";

/** Every catalog, bundled: small enough that lazy loading would cost more than it saves. */
export const resources = {
  en: { translation: en },
  "zh-CN": { translation: zhCN },
  ru: { translation: ru },
  "pt-BR": { translation: ptBR },
} satisfies Record<Locale, { translation: Catalog }>;
