import { data, Form, Link, useActionData, useLoaderData } from "react-router";
import { useTranslation } from "react-i18next";
import { FormMessage, TextField, useSchemaForm, type ServerFormFailure } from "~/components/forms";
import { getTranslator } from "~/i18n/i18next.server";
import { checkIn } from "~/models/attendance.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { formatCalendarDate } from "~/utils/format";
import { parseForm } from "~/utils/forms.server";
import { pageTitleMeta } from "~/utils/meta";
import { CheckInSchema } from "~/validation/enrollment";
import { readForm } from "~/utils/http.server";
import type { Route } from "./+types/check-in";

/**
 * Where a trainee in the room checks in: the QR code on the staff's screen opens this page with
 * the code filled in (a GET changes nothing; the trainee presses the button), or they type it.
 */
export const meta = pageTitleMeta;

export async function loader({ request }: Route.LoaderArgs) {
  await requireUser(request);
  const { t } = await getTranslator(request);
  const code = (new URL(request.url).searchParams.get("code") ?? "").replace(/\D/g, "").slice(0, 6);
  return { pageTitle: t("checkIn.title"), code };
}

type ActionData = ServerFormFailure | { checkedIn: { title: string; day: string; already: boolean } };

export async function action({ request }: Route.ActionArgs) {
  const user = await requireUser(request);
  const { locale } = await getTranslator(request);
  const parsed = parseForm(CheckInSchema, await readForm(request));
  if (!parsed.success) return data<ActionData>(parsed.failure, { status: 400 });
  const db = getDb();
  const result = await checkIn(db, { userId: user.id, code: parsed.data.code, locale });
  if (!result.ok) {
    return data<ActionData>(
      { fieldErrors: { code: `checkIn.refused.${result.reason}` }, values: { code: parsed.data.code } },
      { status: result.reason === "too_many_attempts" ? 429 : 400 },
    );
  }
  return data<ActionData>({ checkedIn: { title: result.title, day: result.day, already: result.already } });
}

export default function CheckInPage() {
  const { code } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const failure = result && "fieldErrors" in result ? result : undefined;
  const form = useSchemaForm(CheckInSchema, failure);
  if (result && "checkedIn" in result) {
    const { title, day, already } = result.checkedIn;
    return (
      <div className="page">
        <h1>{t("checkIn.title")}</h1>
        <FormMessage
          tone="success"
          message={t(already ? "checkIn.already" : "checkIn.done", {
            title,
            day: formatCalendarDate(day, i18n.language),
          })}
        />
        <p>
          <Link to="/me/enrollments">{t("enrollment.title")}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="page">
      <h1>{t("checkIn.title")}</h1>
      <p>{t("checkIn.intro")}</p>
      <Form method="post" className="form" noValidate onSubmit={form.onSubmit}>
        <TextField
          {...form.field("code")}
          label={t("checkIn.codeLabel")}
          inputMode="numeric"
          autoComplete="off"
          defaultValue={failure?.values?.code ?? code}
          required
        />
        <button type="submit">{t("checkIn.submit")}</button>
      </Form>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
