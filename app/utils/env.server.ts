import { z } from "zod";

/** An unset variable and one set to nothing mean the same: the default. */
const unsetWhenEmpty = (value: unknown) => (value === "" ? undefined : value);
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(unsetWhenEmpty, schema.optional());
const withDefault = <T extends z.ZodTypeAny>(schema: T, fallback: z.input<T>) =>
  z.preprocess(unsetWhenEmpty, schema.default(fallback));
/** A whole number in a range: "30s" or "1e3" is refused by name, never read as NaN. */
const wholeNumber = (min: number, max: number) =>
  z.string().regex(/^\d+$/, "must be a whole number").transform(Number).pipe(z.number().min(min).max(max));

const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;

/** The URL, or null: refinements run even after `.url()` has failed, and must not throw. */
function urlOrNull(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}
const protocolOf = (value: string) => urlOrNull(value)?.protocol ?? "";

/** The site's public address, as links in mail and calendar files carry it: no trailing slash. */
const siteUrl = z
  .string()
  .url("must be an address such as https://training.example.org")
  .refine((value) => /^https?:$/.test(protocolOf(value)), "must start with http:// or https://")
  .refine((value) => !urlOrNull(value)?.search && !urlOrNull(value)?.hash, "must have no query or fragment")
  .transform((value) => value.replace(/\/+$/, ""));

const smtpUrl = z
  .string()
  .url("must be an address such as smtps://user:password@smtp.example.org:465")
  .refine((value) => /^smtps?:$/.test(protocolOf(value)), "must start with smtp:// or smtps://");

/** "Name <address>" or a bare address, with a domain a relay accepts (not localhost). */
const mailFrom = z.string().regex(/^(?:[^<>@]*<[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+)$/, {
  message: 'must be an address with a real domain, such as "BRICS Training Alliance <training@example.org>"',
});

const EnvSchema = z
  .object({
    NODE_ENV: withDefault(z.enum(["development", "production", "test"]), "development"),
    /** The SQLite file, when DATABASE_URL is not set. */
    DATABASE_PATH: withDefault(z.string().min(1), "./data/app.db"),
    /** A PostgreSQL server (postgres://user:password@host:5432/database); unset, SQLite at DATABASE_PATH. */
    DATABASE_URL: optional(
      z
        .string()
        .url("must be an address such as postgres://training:secret@db.example.org:5432/training")
        .refine((value) => /^postgres(ql)?:$/.test(protocolOf(value)), "must start with postgres://"),
    ),
    /** Connections each app process keeps to PostgreSQL. */
    DATABASE_POOL_SIZE: withDefault(wholeNumber(1, 200), "10"),
    PORT: withDefault(wholeNumber(1, 65535), "3000"),
    HOST: withDefault(z.string().min(1), "0.0.0.0"),
    /** Express "trust proxy" setting (e.g. "loopback" behind nginx) so throttling sees the real address. */
    TRUST_PROXY: optional(z.string()),
    /** Worker processes serving on one port and one database file (node:cluster); 1 serves in-process. */
    WEB_CONCURRENCY: withDefault(wholeNumber(1, 64), "1"),
    /** On SIGTERM, how long requests in flight may still run before their connections are cut. */
    SHUTDOWN_GRACE_SECONDS: withDefault(wholeNumber(0, 600), "10"),
    /**
     * The public address of the site. Links in mail come from here only, never from a request's
     * Host header, which a client chooses: required in production.
     */
    APP_URL: optional(siteUrl),
    /** Unset, mail is kept in the outbox (/admin/outbox) instead of sent. */
    SMTP_URL: optional(smtpUrl),
    /** The sender of every message; by default no-reply at APP_URL's domain. */
    MAIL_FROM: optional(mailFrom),
    LOG_LEVEL: withDefault(z.enum(LOG_LEVELS), "info"),
    LOGIN_LOCKOUT_BASE_SECONDS: withDefault(wholeNumber(1, 3600), "30"),
    LOGIN_IP_MAX_FAILURES: withDefault(wholeNumber(1, 1_000_000), "300"),
    LOGIN_IP_WINDOW_MINUTES: withDefault(wholeNumber(1, 24 * 60), "15"),
    LOGIN_ACCOUNT_MAX_FAILURES: withDefault(wholeNumber(1, 1_000_000), "100"),
    /** Sign-ups sent from one network address per hour. */
    SIGNUP_IP_MAX_PER_HOUR: withDefault(wholeNumber(1, 1_000_000), "10"),
    /** Sign-up mails (a confirmation link, or "you already have an account") to one e-mail address per hour. */
    SIGNUP_EMAIL_MAX_PER_HOUR: withDefault(wholeNumber(1, 1000), "3"),
    /** Reset links mailed per account per hour, and asked for from one address per hour. */
    RESET_ACCOUNT_MAX_PER_HOUR: withDefault(wholeNumber(1, 1000), "3"),
    RESET_IP_MAX_PER_HOUR: withDefault(wholeNumber(1, 1_000_000), "20"),
  })
  .superRefine((env, context) => {
    if (env.NODE_ENV === "production" && !env.APP_URL)
      context.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["APP_URL"],
        message: "is required in production: links in mail are built from it (e.g. https://training.example.org)",
      });
    if (env.SMTP_URL && !env.MAIL_FROM && !hasRealDomain(env.APP_URL))
      context.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["MAIL_FROM"],
        message: "is required with SMTP_URL when APP_URL has no real domain: relays refuse a sender at localhost",
      });
  });

export type Env = z.infer<typeof EnvSchema>;

function hasRealDomain(url: string | undefined): boolean {
  const hostname = url ? (urlOrNull(url)?.hostname ?? "") : "";
  return hostname.includes(".") && !/^[\d.]+$/.test(hostname) && hostname !== "localhost";
}

/** The sender of every message: MAIL_FROM, or no-reply at the site's own domain. */
export function mailSender(env: Env): string {
  if (env.MAIL_FROM) return env.MAIL_FROM;
  const domain = (env.APP_URL && urlOrNull(env.APP_URL)?.hostname) || "localhost";
  return `BRICS Training Alliance <no-reply@${domain}>`;
}

/**
 * The public address of the site, for links in mail, calendar files and pages: APP_URL, never the
 * request's Host header (a client picks that one, and would receive a reset link to its own site).
 * Without APP_URL (development and tests only; production refuses to start) the local server.
 */
export function publicSiteUrl(): string {
  return env().APP_URL ?? `http://localhost:${env().PORT}`;
}

/** Environment, validated: a bad value stops the program at start with a message naming it. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${problems.join("\n")}`);
  }
  return parsed.data;
}

let current: Env | undefined;
/** The process's environment, validated once on first use. */
export function env(): Env {
  current ??= readEnv();
  return current;
}
