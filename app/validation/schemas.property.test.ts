/**
 * Property-based tests (fast-check) for every zod schema of app/validation: whatever a browser,
 * a crafted request or a hand-edited link sends, a schema answers without throwing; a form
 * schema refuses with messages that exist in the catalog (so the person reads why, in their
 * language); a query schema keeps a page usable; and well-formed input is accepted as meant.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { resources } from "~/i18n/resources";
import { parseFormValues } from "~/utils/forms.server";
import * as attendanceImport from "./attendance-import";
import * as auth from "./auth";
import * as catalogFilters from "./catalog-filters";
import * as enrollment from "./enrollment";
import * as fields from "./fields";
import * as manage from "./manage";
import * as outboxFilters from "./outbox-filters";
import * as statsFilters from "./stats-filters";

const MODULES = { attendanceImport, auth, catalogFilters, enrollment, fields, manage, outboxFilters, statsFilters };

/** Schemas read from forms through parseForm: their refusals are shown to people. */
const FORM_SCHEMAS: Record<string, z.ZodTypeAny> = {
  SignupSchema: auth.SignupSchema,
  LoginSchema: auth.LoginSchema,
  ForgotPasswordSchema: auth.ForgotPasswordSchema,
  ResetPasswordSchema: auth.ResetPasswordSchema,
  ProfileSchema: auth.ProfileSchema,
  ChangePasswordSchema: auth.ChangePasswordSchema,
  DeleteAccountSchema: auth.DeleteAccountSchema,
  InvitationSchema: auth.InvitationSchema,
  AcceptInvitationSchema: auth.AcceptInvitationSchema,
  ProgramSchema: manage.ProgramSchema,
  CourseSchema: manage.CourseSchema,
  CourseStatusSchema: manage.CourseStatusSchema,
  SessionSchema: manage.SessionSchema,
  CancelSessionSchema: manage.CancelSessionSchema,
  InstitutionSchema: manage.InstitutionSchema,
  DomainSchema: manage.DomainSchema,
  MembershipSchema: manage.MembershipSchema,
  ApiTokenSchema: manage.ApiTokenSchema,
  RemoveRegistrantSchema: enrollment.RemoveRegistrantSchema,
  MarkAttendanceSchema: enrollment.MarkAttendanceSchema,
  CheckInSchema: enrollment.CheckInSchema,
  ImportOptionsSchema: attendanceImport.ImportOptionsSchema,
};
/** Query schemas that drop what does not parse: a stale link still shows the page. */
const FORGIVING_QUERY_SCHEMAS: Record<string, z.ZodTypeAny> = {
  CatalogFiltersSchema: catalogFilters.CatalogFiltersSchema,
  ConsoleSessionFiltersSchema: catalogFilters.ConsoleSessionFiltersSchema,
  OutboxFiltersSchema: outboxFilters.OutboxFiltersSchema,
  StatsFiltersSchema: statsFilters.StatsFiltersSchema,
};
/** API query schemas, strict on purpose: a program should hear about its typo. */
const STRICT_QUERY_SCHEMAS: Record<string, z.ZodTypeAny> = {
  StatsApiQuerySchema: statsFilters.StatsApiQuerySchema,
  ApiSessionsQuerySchema: catalogFilters.ApiSessionsQuerySchema,
};
/** Building blocks of the schemas above, each with properties of its own below. */
const FIELD_SCHEMAS: Record<string, z.ZodTypeAny> = {
  emailField: fields.emailField,
  newPasswordField: fields.newPasswordField,
  passwordField: fields.passwordField,
  nameField: fields.nameField,
  countryField: fields.countryField,
  organizationField: fields.organizationField,
  pageNumberField: fields.pageNumberField,
  idField: fields.idField,
  slug: catalogFilters.slug,
  isoDate: catalogFilters.isoDate,
  headerRowField: attendanceImport.headerRowField,
};

/** Where a message key leads in the English catalog; undefined when it leads nowhere. */
function catalogText(key: string): string | undefined {
  let node: unknown = resources.en.translation;
  for (const part of key.split(".")) node = (node as Record<string, unknown> | undefined)?.[part];
  return typeof node === "string" ? node : undefined;
}

/** The field names a form schema reads, found through refinements and pipes. */
function fieldNames(schema: z.ZodTypeAny): string[] {
  let inner: z.ZodTypeAny = schema;
  while (inner instanceof z.ZodEffects) inner = inner.innerType();
  return inner instanceof z.ZodObject ? Object.keys(inner.shape as object) : [];
}

/** Text of every kind a request can carry: empty, huge, control characters, lone surrogates, emoji. */
const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.string({ unit: "binary" }),
  fc.string({ minLength: 190, maxLength: 3_000, unit: "grapheme-ascii" }),
  fc.constantFrom("", " ", "0", "-1", "1e309", "NaN", "null", "on", "\u0000", "\u202e", "𝟙𝟚", "<script>", "2021-02-30"),
  fc.integer().map(String),
  fc.double().map(String),
);
/** What parseForm hands a schema: a string per name, or a list for a repeated name. */
const formValue = fc.oneof(
  { weight: 4, arbitrary: anyText },
  { weight: 1, arbitrary: fc.array(anyText, { maxLength: 4 }) },
);
const formFor = (schema: z.ZodTypeAny) =>
  fc.dictionary(fc.oneof(fc.constantFrom(...fieldNames(schema), "intent"), fc.string()), formValue, { maxKeys: 12 });

describe("every schema of app/validation has properties here", () => {
  it("lists each exported schema in one of the groups", () => {
    const listed = new Set(
      [FORM_SCHEMAS, FORGIVING_QUERY_SCHEMAS, STRICT_QUERY_SCHEMAS, FIELD_SCHEMAS].flatMap(Object.values),
    );
    const exported = Object.entries(MODULES).flatMap(([module, exports]) =>
      Object.entries(exports)
        .filter(([, value]) => value instanceof z.ZodType)
        .map(([name, value]) => ({ name: `${module}.${name}`, value })),
    );
    expect(exported.filter(({ value }) => !listed.has(value)).map(({ name }) => name)).toEqual([]);
  });
});

describe("form schemas", () => {
  for (const [name, schema] of Object.entries(FORM_SCHEMAS)) {
    it(`${name}: any form gets an answer, and a refusal names fields with messages in the catalog`, () => {
      fc.assert(
        fc.property(formFor(schema), (form) => {
          const parsed = parseFormValues(schema, form);
          if (parsed.success) return;
          for (const [field, message] of Object.entries(parsed.fieldErrors)) {
            expect(catalogText(message), `${name}: "${message}" at ${field}`).toBeTypeOf("string");
            // Field errors are translated without values: a {{placeholder}} would reach the page as is.
            expect(catalogText(message), `${name}: "${message}" at ${field}`).not.toMatch(/{{/);
          }
        }),
        { numRuns: 300 },
      );
    });
  }
});

describe("form messages", () => {
  it("keeps a schema's own message and gives catalog keys where zod has only its English", () => {
    const refused = parseFormValues(auth.SignupSchema, { email: ["a@b.org", "c@d.org"] });
    expect(refused.success).toBe(false);
    if (!refused.success)
      expect(refused.fieldErrors).toEqual({
        email: "validation.invalid",
        password: "validation.required",
        name: "validation.required",
        country: "validation.country",
        consent: "validation.consent",
      });
  });
});

describe("query schemas", () => {
  const query = fc.dictionary(fc.string(), anyText, { maxKeys: 10 });
  const withKnownNames = (names: readonly string[]) =>
    fc.record(Object.fromEntries(names.map((n) => [n, fc.option(anyText, { nil: undefined })])));

  it("the catalog's filters accept any query and keep the page number in range", () => {
    fc.assert(
      fc.property(withKnownNames(catalogFilters.CATALOG_PARAMS), (raw) => {
        const parsed = catalogFilters.CatalogFiltersSchema.parse(raw);
        expect(parsed.page).toBeGreaterThanOrEqual(1);
        expect(parsed.page).toBeLessThanOrEqual(10_000);
        expect(Number.isInteger(parsed.page)).toBe(true);
        if (parsed.domain) expect(parsed.domain).toMatch(/^[a-z0-9-]{1,80}$/);
        if (parsed.from) expect(Number.isNaN(Date.parse(parsed.from))).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it("the console's and the outbox's lists accept any query, keep a known period and the page in range", () => {
    fc.assert(
      fc.property(withKnownNames(["q", "when", "status", "page"]), (raw) => {
        const parsed = catalogFilters.ConsoleSessionFiltersSchema.parse(raw);
        expect(catalogFilters.CONSOLE_SESSION_PERIODS).toContain(parsed.when);
        expect(Number.isInteger(parsed.page) && parsed.page >= 1 && parsed.page <= 10_000).toBe(true);
        if (parsed.q !== undefined) expect(parsed.q.length).toBeLessThanOrEqual(100);
        const outbox = outboxFilters.OutboxFiltersSchema.parse(raw);
        expect(Number.isInteger(outbox.page) && outbox.page >= 1).toBe(true);
        if (outbox.q !== undefined) expect(outbox.q.length).toBeLessThanOrEqual(200);
      }),
      { numRuns: 500 },
    );
  });

  it("an attendance file's header row is a row number or the one found, whatever the query says", () => {
    fc.assert(
      fc.property(fc.option(anyText, { nil: undefined }), (text) => {
        const row = attendanceImport.headerRowField.parse(text);
        if (row !== undefined) expect(Number.isInteger(row) && row >= 0 && row <= 1_000).toBe(true);
      }),
      { numRuns: 500 },
    );
    expect(attendanceImport.headerRowField.parse("3")).toBe(3);
    expect(attendanceImport.headerRowField.parse("")).toBeUndefined();
  });

  it("the statistics filters accept any query and keep only values they understand", () => {
    fc.assert(
      fc.property(withKnownNames(statsFilters.STATS_PARAMS), (raw) => {
        const parsed = statsFilters.StatsFiltersSchema.parse(raw);
        if (parsed.program !== undefined) expect(Number.isInteger(parsed.program) && parsed.program > 0).toBe(true);
        if (parsed.mode) expect(["online", "offline", "hybrid"]).toContain(parsed.mode);
      }),
      { numRuns: 500 },
    );
  });

  it("the statistics API refuses any unknown parameter by name, never ignoring it", () => {
    const unknownName = fc.string({ minLength: 1 }).filter((n) => !(n in statsFilters.StatsApiQuerySchema.shape));
    fc.assert(
      fc.property(unknownName, anyText, (name, value) => {
        const parsed = statsFilters.StatsApiQuerySchema.safeParse({ groupBy: "country", [name]: value });
        expect(parsed.success).toBe(false);
        if (!parsed.success) expect(JSON.stringify(parsed.error.issues)).toContain(JSON.stringify(name).slice(1, -1));
      }),
    );
  });

  it("the sessions API keeps paging within bounds and refuses a malformed filter or an unknown parameter by name", () => {
    const schema = catalogFilters.ApiSessionsQuerySchema;
    fc.assert(
      fc.property(query, (raw) => {
        const parsed = schema.safeParse(raw);
        if (parsed.success) {
          expect(parsed.data.limit).toBeGreaterThanOrEqual(1);
          expect(parsed.data.limit).toBeLessThanOrEqual(500);
          expect(parsed.data.offset).toBeGreaterThanOrEqual(0);
        } else
          for (const issue of parsed.error.issues)
            expect(issue.path.length + (issue.code === "unrecognized_keys" ? 1 : 0)).toBeGreaterThan(0);
      }),
    );
    const malformed: [string, string][] = [
      ["domain", "NOPE"],
      ["mode", "foo"],
      ["from", "2026-13-45"],
      ["from", "2026-02-30"],
      ["seats", "yes"],
    ];
    for (const [name, value] of malformed)
      expect(schema.safeParse({ [name]: value }).error?.issues[0]?.path).toEqual([name]);
  });
});

describe("well-formed input is accepted as meant", () => {
  const pad = (n: number) => String(n).padStart(2, "0");
  const localTime = fc
    .date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2035-12-31T23:59:00Z"), noInvalidDate: true })
    .map(
      (d) =>
        `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
    );

  it("a session whose dates are in order is accepted; ends before starts is refused on endsLocal", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(localTime, { minLength: 4, maxLength: 4 }),
        fc.integer({ min: 1, max: 100_000 }),
        (times, capacity) => {
          const [opens, closes, starts, ends] = [...times].sort();
          const form = {
            course: "7",
            title_en: "Industrial robotics",
            mode: "online",
            timeZone: "Asia/Shanghai",
            opensLocal: opens,
            closesLocal: closes,
            startsLocal: starts,
            endsLocal: ends,
            capacity: String(capacity),
            joinUrl: "",
            languages: ["en", "zh"],
          };
          const parsed = manage.SessionSchema.safeParse(form);
          expect(parsed.success).toBe(true);
          if (parsed.success) expect(parsed.data.capacity).toBe(capacity);
          const swapped = manage.SessionSchema.safeParse({ ...form, startsLocal: ends, endsLocal: starts });
          expect(swapped.success).toBe(false);
          if (!swapped.success)
            expect(swapped.error.issues.map((i) => i.message)).toContain("validation.endAfterStart");
        },
      ),
    );
  });

  it("an e-mail address is kept trimmed and lower-cased, and parsing it again changes nothing", () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.constantFrom("", " ", "  "), (address, space) => {
        const parsed = fields.emailField.safeParse(`${space}${address.toUpperCase()}${space}`);
        if (!parsed.success) return;
        expect(parsed.data).toBe(parsed.data.trim().toLowerCase());
        expect(fields.emailField.parse(parsed.data)).toBe(parsed.data);
      }),
    );
  });

  it("a check-in code is six digits, whatever spaces the trainee typed", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 6, maxLength: 6 }),
        fc.array(fc.constantFrom(" ", "\t", "\u00a0")),
        (digits, spaces) => {
          const typed = digits.map((d, i) => `${spaces[i] ?? ""}${d}`).join("");
          expect(enrollment.CheckInSchema.parse({ code: typed })).toEqual({ code: digits.join("") });
        },
      ),
    );
  });

  it("attendance marks are the listed and present ids, as numbers", () => {
    const ids = fc.uniqueArray(fc.integer({ min: 1, max: fields.MAX_ID }), { maxLength: 50 });
    fc.assert(
      fc.property(ids, ids, (listed, present) => {
        const parsed = enrollment.MarkAttendanceSchema.parse({
          day: "2026-11-20",
          listed: listed.map(String),
          present: present.length === 1 ? String(present[0]) : present.map(String),
        });
        expect(parsed).toEqual({ day: "2026-11-20", listed, present });
      }),
    );
  });

  it("slugs, country codes and dates: accepted exactly when well-formed", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(catalogFilters.slug.safeParse(text).success).toBe(/^[a-z0-9-]{1,80}$/.test(text));
        expect(fields.countryField.safeParse(text).success).toBe(/^[A-Z]{2}$/.test(text));
        if (catalogFilters.isoDate.safeParse(text).success) expect(text).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }),
    );
  });

  it("page numbers: any text is a whole page number from 1 to 10,000, the number itself when it is one", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const page = fields.pageNumberField.parse(text);
        expect(Number.isInteger(page) && page >= 1 && page <= 10_000).toBe(true);
        if (/^[1-9]\d{0,3}$/.test(text)) expect(page).toBe(Number(text));
      }),
    );
  });

  it("ids: any text is an id from 1 to MAX_ID or refused with a message, and the form and path readings agree", () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.bigInt({ min: -1n, max: 2n ** 64n }).map(String)), (text) => {
        const parsed = fields.idField.safeParse(text);
        if (parsed.success)
          expect(Number.isInteger(parsed.data) && parsed.data >= 1 && parsed.data <= fields.MAX_ID).toBe(true);
        else expect(catalogText(parsed.error.issues[0]?.message ?? "")).toBeTypeOf("string");
        const fromPath = fields.idFromText(text);
        if (fromPath !== null) expect(parsed.success && parsed.data).toBe(fromPath);
        if (/^[1-9]\d{0,8}$/.test(text)) expect(fromPath).toBe(Number(text));
      }),
    );
    expect(fields.idFromText(String(fields.MAX_ID))).toBe(fields.MAX_ID);
    expect(fields.idFromText(String(fields.MAX_ID + 1))).toBeNull();
    expect(fields.idField.safeParse(String(fields.MAX_ID + 1)).success).toBe(false);
  });

  it("names, passwords and organizations: accepted within their lengths, refused beyond", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(fields.nameField.safeParse(text).success).toBe(text.trim().length >= 1 && text.trim().length <= 120);
        expect(fields.passwordField.safeParse(text).success).toBe(text.length >= 1 && text.length <= 200);
        expect(fields.newPasswordField.safeParse(text).success).toBe(text.length >= 8 && text.length <= 200);
        const organization = fields.organizationField.safeParse(text);
        expect(organization.success).toBe(text.trim().length <= 200);
        if (organization.success) expect(organization.data).toBe(text.trim() || null);
      }),
    );
  });
});
