import { data, Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import { useTranslation } from "react-i18next";
import { FormMessage } from "~/components/forms";
import { UploadProgress } from "~/components/upload-progress";
import { createAttendanceImport } from "~/models/attendance-import.server";
import { readAttendanceFile } from "~/utils/attendance-file.server";
import { getDb } from "~/utils/db.server";
import { readFormOrRefusal, requireFound } from "~/utils/http.server";
import { requireManagedSession } from "~/utils/manage.server";
import { pageTitleMeta } from "~/utils/meta";
import type { Route } from "./+types/manage.sessions.$sessionId_.attendance-import";

export const meta = pageTitleMeta;

/** Meeting exports are small; 10 MB is some 100,000 rows of CSV. */
const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** Room for the multipart boundaries and part headers around the file. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

export async function loader({ request, params }: Route.LoaderArgs) {
  const { session, t, title } = await requireManagedSession(request, params.sessionId);
  return { pageTitle: `${t("attendanceImport.title")}: ${title}`, sessionId: session.id, title };
}

export async function action({ request, params }: Route.ActionArgs) {
  const { actor, session } = await requireManagedSession(request, params.sessionId);
  const sessionId = session.id;
  // Refused with this page's own message: a declared size over the limit before anything is read,
  // a body that does not declare its size as soon as it passes the limit, a body that is no form.
  const body = await readFormOrRefusal(request, MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD_BYTES);
  if (!body.ok)
    return body.refusal === "too_large"
      ? data({ error: "attendanceImport.tooLarge" }, { status: 413 })
      : data({ error: "attendanceImport.unreadable" }, { status: 400 });
  const value = body.form.get("file");
  const file = value instanceof File && value.size > 0 ? value : null;
  if (!file) return data({ error: "attendanceImport.noFile" }, { status: 400 });
  if (file.size > MAX_UPLOAD_BYTES) return data({ error: "attendanceImport.tooLarge" }, { status: 413 });
  const read = await readAttendanceFile(Buffer.from(await file.arrayBuffer()), file.name);
  if (!read.ok) return data({ error: `attendanceImport.problem.${read.problem}` }, { status: 400 });
  const db = getDb();
  const importId = requireFound(
    await createAttendanceImport(db, { actor, sessionId, fileName: file.name.slice(0, 200), table: read.table }),
  );
  return redirect(`/manage/sessions/${sessionId}/attendance-import/${importId}`, 303);
}

export default function AttendanceImportUpload() {
  const { sessionId, title } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="page">
      <p>
        <Link to={`/manage/sessions/${sessionId}/roster`}>{t("roster.title")}</Link>
      </p>
      <h1>
        {t("attendanceImport.title")}: {title}
      </h1>
      <p>{t("attendanceImport.intro")}</p>
      <FormMessage message={result ? t(result.error, { max: "10 MB" }) : null} />
      <Form method="post" encType="multipart/form-data" className="form" id="attendance-upload">
        <div className="field">
          <label htmlFor="attendance-file">{t("attendanceImport.file")}</label>
          <input
            id="attendance-file"
            type="file"
            name="file"
            required
            accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby="attendance-file-hint"
          />
          <p id="attendance-file-hint" className="field__hint">
            {t("attendanceImport.fileHint", { max: "10 MB" })}
          </p>
        </div>
        <button type="submit">{t("attendanceImport.upload")}</button>
        <UploadProgress formId="attendance-upload" />
      </Form>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
