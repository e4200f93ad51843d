/**
 * What the public API answers, declared once: the OpenAPI document (/api/v1/openapi.json) is
 * generated from these schemas and the query schemas, and the tests hold real answers to them.
 */
import { z } from "zod";
import { SESSION_MODES, type SessionStatus } from "../../db/schema/enums";

/** The statuses a public session can have (drafts are never public). */
const PUBLIC_SESSION_STATUSES = ["published", "completed", "cancelled"] as const satisfies readonly SessionStatus[];

const instant = (what: string) => z.string().datetime().describe(`${what}, as an ISO 8601 instant in UTC`);
const named = (what: string) =>
  z.object({
    slug: z.string().describe(`The ${what}'s identifier in URLs and in the \`${what}\` filter`),
    name: z.string().describe(`The ${what}'s name in the answer's language`),
  });

export const ApiSessionSchema = z
  .object({
    id: z.number().int().describe("The training session's id"),
    url: z.string().url().describe("The session's public page, where trainees enroll"),
    title: z.string().describe("The session's title in the answer's language (the course's when the session has none)"),
    summary: z.string().describe("What the session is about, in the answer's language; may be empty"),
    venue: z.string().nullable().describe("Where it takes place, for in-person and hybrid sessions; null online"),
    course: z
      .object({
        id: z.number().int().describe("The course's id"),
        title: z.string().describe("The course's title in the answer's language"),
      })
      .describe("The course the session is an edition of"),
    institution: named("institution").describe("The alliance institution that runs it"),
    domain: named("domain").describe("The training domain it belongs to"),
    startsAt: instant("When it starts"),
    endsAt: instant("When it ends"),
    timeZone: z.string().describe("The IANA time zone it is held in, e.g. Asia/Shanghai"),
    mode: z.enum(SESSION_MODES).describe("online, offline (in person) or hybrid"),
    capacity: z.number().int().describe("Seats in all"),
    seatsLeft: z.number().int().describe("Seats not yet confirmed to anyone"),
    waitlistLength: z.number().int().describe("People waiting for a seat"),
    status: z.enum(PUBLIC_SESSION_STATUSES).describe("published, completed or cancelled"),
    languages: z.array(z.string()).describe("Languages of instruction, as ISO 639-1 codes"),
    coHost: z.string().nullable().describe("A partner that co-hosts it (an embassy, a company), or null"),
    enrollmentOpensAt: instant("When enrollment opens"),
    enrollmentClosesAt: instant("When enrollment closes"),
  })
  .strict()
  .describe("A training session of the public catalog");

export type ApiSession = z.infer<typeof ApiSessionSchema>;

export const ApiSessionListSchema = z
  .object({
    sessions: z.array(ApiSessionSchema).describe("One page of sessions, soonest first"),
    total: z.number().int().describe("How many sessions match the filters in all"),
  })
  .strict()
  .describe("A page of the catalog");

export const ProblemSchema = z
  .object({
    type: z.string().describe("about:blank: the status says what kind of problem it is"),
    title: z.string().describe("The HTTP status's name"),
    status: z.number().int().describe("The HTTP status code"),
    detail: z.string().describe("What went wrong, for people"),
    errors: z
      .array(
        z.object({
          parameter: z.string().nullable().describe("The query parameter at fault"),
          message: z.string().describe("What is wrong with it"),
        }),
      )
      .optional()
      .describe("For a refused query: each parameter at fault"),
  })
  .describe("An RFC 9457 problem");
