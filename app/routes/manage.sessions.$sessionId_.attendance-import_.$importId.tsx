import { data, Form, Link, redirect, useActionData, useLoaderData, useSearchParams } from "react-router";
import { ScrollRegion } from "~/components/scroll-region";
import { useTranslation } from "react-i18next";
import { FormMessage } from "~/components/forms";
import { getTranslator } from "~/i18n/i18next.server";
import { pickLocalizedFirst } from "~/i18n/localized";
import { applyImport, getAttendanceImport, planImport, type ImportOptions } from "~/models/attendance-import.server";
import { guessColumns, headerRowChoices, withHeaderRow } from "~/utils/attendance-file.server";
import { getDb, type Db } from "~/utils/db.server";
import { formatCalendarDate } from "~/utils/format";
import { parseForm } from "~/utils/forms.server";
import { parseIdParam, readForm, requireFound } from "~/utils/http.server";
import { requireConsoleUser } from "~/utils/manage.server";
import { pageTitleMeta } from "~/utils/meta";
import { utcToZonedLocal } from "~/utils/time-zone";
import { COLUMN_ROLES, headerRowField, ImportOptionsSchema } from "~/validation/attendance-import";
import type { Route } from "./+types/manage.sessions.$sessionId_.attendance-import_.$importId";

export const meta = pageTitleMeta;

const SHOWN_ROWS = 5;
const SHOWN_UNMATCHED = 200;

type ImportRecord = NonNullable<Awaited<ReturnType<typeof getAttendanceImport>>>;

/** The options in a query string or form, or (first visit) a guess from the file's headers. */
function readOptions(record: ImportRecord, values: URLSearchParams | FormData) {
  const headerRow = chosenHeaderRow(record, values.get("header"));
  const table = withHeaderRow(record, headerRow);
  if (values.get("mapped") !== "1") {
    const columns = guessColumns(table.headers, table.rows);
    return {
      ok: true as const,
      headerRow,
      table,
      options: {
        headerRow,
        columns,
        day: record.days[0] ?? null,
        minMinutes: 30,
        addMissing: false,
      } satisfies ImportOptions,
    };
  }
  const parsed = parseForm(ImportOptionsSchema, values instanceof FormData ? values : toFormData(values));
  if (!parsed.success) return { ok: false as const, headerRow, table, errors: parsed.failure.fieldErrors };
  const { header: _header, fixedDay, minMinutes, addMissing, ...columns } = parsed.data;
  const width = table.headers.length;
  const inRange = Object.fromEntries(
    Object.entries(columns).filter(([, index]) => index !== undefined && index < width),
  ) as ImportOptions["columns"];
  if (inRange.email === undefined)
    return { ok: false as const, headerRow, table, errors: { email: "attendanceImport.emailColumnRequired" } };
  return {
    ok: true as const,
    headerRow,
    table,
    options: { headerRow, columns: inRange, day: fixedDay, minMinutes, addMissing },
  };
}

/** The header row asked for, if the chooser offers it; else the one the reader found. */
function chosenHeaderRow(record: ImportRecord, value: FormDataEntryValue | null): number {
  const asked = headerRowField.parse(typeof value === "string" ? value : undefined);
  return asked !== undefined && asked < headerRowChoices(record).length ? asked : record.preamble.length;
}

function toFormData(query: URLSearchParams): FormData {
  const formData = new FormData();
  for (const [key, value] of query) formData.append(key, value);
  return formData;
}

async function load(db: Db, request: Request, params: { sessionId?: string; importId?: string }) {
  const actor = await requireConsoleUser(request);
  const sessionId = parseIdParam(params.sessionId);
  const importId = parseIdParam(params.importId);
  const record = requireFound(await getAttendanceImport(db, { actor, sessionId, importId }));
  return { actor, record };
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const db = getDb();
  const { record } = await load(db, request, params);
  const { locale, t } = await getTranslator(request);
  const read = readOptions(record, new URL(request.url).searchParams);
  const title = pickLocalizedFirst([record.session.title, record.session.courseTitle], locale);
  const plan = read.ok ? await planImport(db, record, read.options) : null;
  return {
    pageTitle: `${t("attendanceImport.previewTitle")}: ${record.fileName}`,
    title,
    sessionId: record.sessionId,
    importId: record.id,
    fileName: record.fileName,
    headerRow: read.headerRow,
    headerChoices: headerRowChoices(record).map((row) => row.filter(Boolean).join(" · ").slice(0, 120)),
    headers: read.table.headers,
    sample: read.table.rows.slice(0, SHOWN_ROWS),
    rowCount: read.table.rows.length,
    days: record.days,
    hours: {
      zone: record.session.timeZone,
      from: utcToZonedLocal(record.session.startsAt, record.session.timeZone).slice(11),
      to: utcToZonedLocal(record.session.endsAt, record.session.timeZone).slice(11),
    },
    appliedResult: record.appliedAt ? record.result : null,
    options: read.ok ? read.options : null,
    errors: read.ok ? null : read.errors,
    plan: plan && {
      attendees: plan.attendees,
      present: plan.present.length,
      tooShort: plan.tooShort.length,
      newAccounts: plan.newAccounts.length,
      newPlaces: plan.newPlaces.length,
      unmatchedCount: plan.unmatched.length,
      unmatched: plan.unmatched.slice(0, SHOWN_UNMATCHED),
    },
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const db = getDb();
  const { actor, record } = await load(db, request, params);
  const formData = await readForm(request);
  const read = readOptions(record, formData);
  if (!read.ok) return data({ errors: read.errors }, { status: 400 });
  if (read.options.columns.day === undefined && !(read.options.day && record.days.includes(read.options.day)))
    return data({ errors: { fixedDay: "attendanceImport.dayRequired" } }, { status: 400 });
  await applyImport(db, { actor, record, options: read.options });
  // Back to the preview with the same options, so it shows what was applied.
  const query = new URLSearchParams([...optionFields(read.options), ["applied", "1"]]);
  return redirect(`/manage/sessions/${record.sessionId}/attendance-import/${record.id}?${query}`, 303);
}

export default function AttendanceImportPreview() {
  const loaded = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const [searchParams] = useSearchParams();
  const { options, plan, headers } = loaded;
  const errors: Partial<Record<string, string>> | null = useActionData<typeof action>()?.errors ?? loaded.errors;
  const base = `/manage/sessions/${loaded.sessionId}`;
  const hidden = options ? optionFields(options) : [];
  const applied = searchParams.get("applied") === "1" && loaded.appliedResult;
  return (
    <div className="page">
      <p>
        <Link to={`${base}/roster`}>{t("roster.title")}</Link> ·{" "}
        <Link to={`${base}/attendance-import`}>{t("attendanceImport.another")}</Link>
      </p>
      <h1>
        {t("attendanceImport.previewTitle")}: {loaded.fileName}
      </h1>
      <p>{t("attendanceImport.rows", { count: loaded.rowCount, title: loaded.title })}</p>
      {applied ? (
        <>
          <FormMessage tone="success" message={t("attendanceImport.applied", { ...loaded.appliedResult })} />
          {loaded.appliedResult?.keptOther ? (
            <p>{t("attendanceImport.keptOther", { count: loaded.appliedResult.keptOther })}</p>
          ) : null}
        </>
      ) : null}
      {loaded.days.length === 0 ? <FormMessage message={t("attendanceImport.noDays")} /> : null}

      <Form method="get" className="form form--inline" aria-label={t("attendanceImport.headerRowHeading")}>
        <div className="field">
          <label htmlFor="header-row">{t("attendanceImport.headerRow")}</label>
          <select id="header-row" name="header" defaultValue={loaded.headerRow} aria-describedby="header-row-hint">
            {loaded.headerChoices.map((cells, index) => (
              <option key={index} value={index}>
                {t("attendanceImport.headerRowChoice", { row: index + 1, cells })}
              </option>
            ))}
          </select>
          <p id="header-row-hint" className="field__hint">
            {t("attendanceImport.headerRowHint")}
          </p>
        </div>
        <button type="submit" className="button--secondary">
          {t("attendanceImport.useHeaderRow")}
        </button>
      </Form>

      <h2>{t("attendanceImport.sample")}</h2>
      <ScrollRegion label={t("attendanceImport.sample")}>
        <table>
          <thead>
            <tr>
              {headers.map((header, index) => (
                <th scope="col" key={index}>
                  {header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {loaded.sample.map((row, index) => (
              <tr key={index}>
                {row.map((cell, column) => (
                  <td key={column}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>

      <h2>{t("attendanceImport.mapping")}</h2>
      <Form method="get" className="form">
        <input type="hidden" name="mapped" value="1" />
        {COLUMN_ROLES.map((role) => (
          <div className="field" key={role}>
            <label htmlFor={`column-${role}`}>{t(`attendanceImport.column.${role}`)}</label>
            <select
              id={`column-${role}`}
              name={role}
              defaultValue={options?.columns[role] ?? ""}
              aria-invalid={errors?.[role] ? true : undefined}
              aria-describedby={errors?.[role] ? `column-${role}-error` : undefined}
            >
              <option value="">{t("attendanceImport.noColumn")}</option>
              {headers.map((header, index) => (
                <option key={index} value={index}>
                  {header}
                </option>
              ))}
            </select>
            {errors?.[role] ? (
              <p id={`column-${role}-error`} className="field__error">
                {t(errors[role] ?? "")}
              </p>
            ) : null}
          </div>
        ))}
        <p className="field__hint">{t("attendanceImport.hoursNote", loaded.hours)}</p>
        <div className="field">
          <label htmlFor="fixed-day">{t("attendanceImport.fixedDay")}</label>
          <select id="fixed-day" name="fixedDay" defaultValue={options?.day ?? ""} aria-describedby="fixed-day-hint">
            {loaded.days.map((day) => (
              <option key={day} value={day}>
                {formatCalendarDate(day, i18n.language)}
              </option>
            ))}
          </select>
          <p id="fixed-day-hint" className="field__hint">
            {t("attendanceImport.fixedDayHint")}
          </p>
        </div>
        <div className="field">
          <label htmlFor="min-minutes">{t("attendanceImport.minMinutes")}</label>
          <input
            id="min-minutes"
            name="minMinutes"
            type="number"
            min={0}
            max={1440}
            defaultValue={options?.minMinutes ?? 30}
            aria-invalid={errors?.minMinutes ? true : undefined}
            aria-describedby={errors?.minMinutes ? "min-minutes-error" : undefined}
          />
          {errors?.minMinutes ? (
            <p id="min-minutes-error" className="field__error">
              {t(errors.minMinutes ?? "")}
            </p>
          ) : null}
        </div>
        <div className="field field--checkbox">
          <input id="add-missing" type="checkbox" name="addMissing" defaultChecked={options?.addMissing ?? false} />
          <label htmlFor="add-missing">{t("attendanceImport.addMissing")}</label>
        </div>
        <button type="submit" className="button--secondary">
          {t("attendanceImport.preview")}
        </button>
      </Form>

      {plan ? (
        <>
          <h2>{t("attendanceImport.planHeading")}</h2>
          <ul>
            <li>{t("attendanceImport.planPresent", { count: plan.present })}</li>
            <li>{t("attendanceImport.planTooShort", { count: plan.tooShort, minutes: options?.minMinutes ?? 0 })}</li>
            <li>{t("attendanceImport.planNewPlaces", { count: plan.newPlaces })}</li>
            <li>{t("attendanceImport.planNewAccounts", { count: plan.newAccounts })}</li>
            <li>{t("attendanceImport.planUnmatched", { count: plan.unmatchedCount })}</li>
          </ul>
          {loaded.days.length > 0 ? (
            <Form method="post">
              {hidden.map(([name, value]) => (
                <input key={name} type="hidden" name={name} value={value} />
              ))}
              <button type="submit">{t("attendanceImport.apply")}</button>
              <p className="muted">{t("attendanceImport.idempotent")}</p>
            </Form>
          ) : null}
          {plan.unmatched.length > 0 ? (
            <>
              <h2>{t("attendanceImport.unmatchedHeading")}</h2>
              <ScrollRegion label={t("attendanceImport.unmatchedHeading")}>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t("roster.email")}</th>
                      <th scope="col">{t("roster.name")}</th>
                      <th scope="col">{t("attendanceImport.day")}</th>
                      <th scope="col">{t("attendanceImport.why")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {plan.unmatched.map((row, index) => (
                      <tr key={index}>
                        <td>{row.email}</td>
                        <td>{row.name}</td>
                        <td>{row.day}</td>
                        <td>{t(`attendanceImport.reason.${row.reason}`)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollRegion>
            </>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

/** The chosen options as form fields, so "Apply" sends exactly what was previewed. */
function optionFields(options: ImportOptions): [string, string][] {
  const fields: [string, string][] = [
    ["mapped", "1"],
    ["header", String(options.headerRow)],
  ];
  for (const role of COLUMN_ROLES) fields.push([role, String(options.columns[role] ?? "")]);
  fields.push(["fixedDay", options.day ?? ""], ["minMinutes", String(options.minMinutes)]);
  if (options.addMissing) fields.push(["addMissing", "on"]);
  return fields;
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
