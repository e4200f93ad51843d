import { Form, useLoaderData } from "react-router";
import { useTranslation } from "react-i18next";
import { getTranslator } from "~/i18n/i18next.server";
import { Pagination } from "~/components/pagination";
import { listOutbox } from "~/models/outbox.server";
import { requireRole } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { CONSOLE_ROLES } from "~/utils/permissions";
import { pageTitleMeta } from "~/utils/meta";
import { parseOutboxQuery } from "~/validation/outbox-filters";
import type { Route } from "./+types/admin.outbox";

export const meta = pageTitleMeta;

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, CONSOLE_ROLES.admin);
  const { t } = await getTranslator(request);
  const filters = parseOutboxQuery(new URL(request.url).searchParams);
  return { pageTitle: t("admin.outbox"), filters, outbox: await listOutbox(getDb(), filters) };
}

export default function OutboxPage() {
  const { filters, outbox } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short" });
  return (
    <div className="page">
      <h1>{t("admin.outbox")}</h1>
      <p>{t("admin.outboxIntro")}</p>
      <Form method="get" className="filters" aria-label={t("admin.outboxSearch")}>
        <label className="filters__search">
          {t("admin.outboxSearchLabel")}
          <input type="search" name="q" defaultValue={filters.q ?? ""} />
        </label>
        <button type="submit">{t("catalog.apply")}</button>
      </Form>
      <p role="status">{t("admin.messagesFound", { count: outbox.total })}</p>
      {outbox.total === 0 ? <p>{t(filters.q ? "admin.outboxNoMatch" : "admin.outboxEmpty")}</p> : null}
      {outbox.messages.map((message) => (
        <article key={message.id} className="mail-message" aria-labelledby={`mail-${message.id}`}>
          <h2 id={`mail-${message.id}`}>{message.subject}</h2>
          <p className="muted">
            {t("admin.to")}: {message.to} · <span suppressHydrationWarning>{format.format(message.createdAt)}</span>
          </p>
          <pre className="mail" lang={message.locale}>
            <LinkedText text={message.text} />
          </pre>
          {message.attachments.length > 0 ? (
            <p className="muted">
              {t("admin.attachments")}: {message.attachments.join(", ")}
            </p>
          ) : null}
        </article>
      ))}
      <Pagination page={outbox.page} pages={outbox.pages} />
    </div>
  );
}

/** Mail text with its links made clickable. */
function LinkedText({ text }: { text: string }) {
  return (
    <>
      {text.split(/(https?:\/\/\S+)/).map((part, index) =>
        index % 2 === 1 ? (
          <a key={index} href={part}>
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
