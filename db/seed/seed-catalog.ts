import countriesLib from "i18n-iso-countries";
import type { SqliteDatabase } from "../client";
import type { LocalizedText } from "../schema/columns";
import {
  countries,
  countryGroupMemberships,
  countryGroups,
  courses,
  domains,
  institutions,
  programs,
  trainingSessions,
} from "../schema";
import { zonedLocalToUtc } from "../../app/utils/time-zone";
import { PROGRAMS, TRAININGS_2021 } from "./catalog-data";
import { COURSE_TRANSLATIONS, PLACE_TRANSLATIONS, PROGRAM_TRANSLATIONS } from "./catalog-translations";
import { generateCourses, TARGET_COURSE_COUNT } from "./course-volume";
import { COUNTRY_GROUPS, DOMAINS, INSTITUTION_CITY, INSTITUTIONS } from "./reference-data";
import type { Random } from "./random";
import { planUpcomingSessions, type PlannedSession } from "./upcoming-plan";

const DAY_MS = 24 * 60 * 60 * 1000;
const XIAMEN_ZONE = "Asia/Shanghai";

export type SeededCatalog = {
  courseIds: Map<string, number>;
  /** Upcoming sessions with the seat fill the demo data should give them. */
  upcoming: { id: number; plan: PlannedSession }[];
  sessions2021: number[];
};

/**
 * Seeds the reference data and the catalog of the real alliance into an empty, migrated
 * database, in one transaction. Idempotence is not attempted: run it on a fresh file.
 */
export function seedCatalog(db: SqliteDatabase, { now, random }: { now: Date; random: Random }): SeededCatalog {
  return db.transaction((tx) => {
    tx.insert(countries)
      .values(Object.keys(countriesLib.getAlpha2Codes()).map((code) => ({ code })))
      .run();

    COUNTRY_GROUPS.forEach((group, index) => {
      const { id } = tx
        .insert(countryGroups)
        .values({ slug: group.slug, name: group.name, sortOrder: index })
        .returning({ id: countryGroups.id })
        .get();
      for (const batch of group.members) {
        tx.insert(countryGroupMemberships)
          .values(batch.codes.map((countryCode) => ({ groupId: id, countryCode, since: batch.since })))
          .run();
      }
    });

    const domainIds = new Map<string, number>();
    DOMAINS.forEach((domain, index) => {
      const row = tx
        .insert(domains)
        .values({ ...domain, sortOrder: index + 1 })
        .returning({ id: domains.id })
        .get();
      domainIds.set(domain.slug, row.id);
    });

    const institutionIds = new Map<string, number>();
    for (const institution of INSTITUTIONS) {
      const row = tx
        .insert(institutions)
        .values({ ...institution, city: INSTITUTION_CITY })
        .returning({ id: institutions.id })
        .get();
      institutionIds.set(institution.slug, row.id);
    }

    const courseIds = new Map<string, number>();
    const handWritten = PROGRAMS.reduce((sum, p) => sum + p.courses.length, 0);
    const extraPerProgram = Math.ceil((TARGET_COURSE_COUNT - handWritten) / PROGRAMS.length);
    for (const program of PROGRAMS) {
      const { id: programId } = tx
        .insert(programs)
        .values({
          institutionId: required(institutionIds.get(program.institution), program.institution),
          domainId: required(domainIds.get(program.domain), program.domain),
          title: { ...program.title, ...programText(program).title },
          summary: { ...program.summary, ...programText(program).summary },
          languages: program.languages,
        })
        .returning({ id: programs.id })
        .get();
      const written = program.courses.map(([code, en, zh, hours, level]) => {
        const translated = required(COURSE_TRANSLATIONS[code], `course ${code} in Russian and Portuguese`);
        return { code, en, zh, ru: translated.ru, pt: translated["pt-BR"], hours, level };
      });
      const generated = generateCourses(
        program.domain,
        program.courses[0]?.[0].split("-").slice(0, 2).join("-") ?? "GEN",
        extraPerProgram,
      );
      for (const { code, en, zh, ru, pt, hours, level } of [...written, ...generated]) {
        const row = tx
          .insert(courses)
          .values({
            programId,
            code,
            title: { en, "zh-CN": zh, ru, "pt-BR": pt },
            summary: courseSummary({ en, zh, ru, pt }, program, hours),
            hours,
            level,
            languages: program.languages,
            status: "published",
          })
          .returning({ id: courses.id })
          .get();
        courseIds.set(code, row.id);
      }
    }

    const sessions2021 = TRAININGS_2021.map((training) => {
      const startsAt = zonedLocalToUtc(training.start, XIAMEN_ZONE);
      return tx
        .insert(trainingSessions)
        .values({
          courseId: required(courseIds.get(training.course), training.course),
          startsAt,
          endsAt: zonedLocalToUtc(training.end, XIAMEN_ZONE),
          timeZone: XIAMEN_ZONE,
          mode: training.mode,
          venue: inFourLanguages(training.venue),
          joinUrl:
            training.mode === "offline" ? null : `https://meeting.example.org/brics-${training.course.toLowerCase()}`,
          capacity: training.mode === "offline" ? 120 : 10_000,
          enrollmentOpensAt: new Date(startsAt.getTime() - 30 * DAY_MS),
          enrollmentClosesAt: startsAt,
          coHost: inFourLanguages(training.coHost),
          languages: training.languages,
          status: "completed",
        })
        .returning({ id: trainingSessions.id })
        .get().id;
    });

    const upcoming = planUpcomingSessions(now, random, [...courseIds.keys()]).map((plan) => {
      const { courseCode, fill: _fill, ...values } = plan;
      const row = tx
        .insert(trainingSessions)
        .values({
          ...values,
          courseId: required(courseIds.get(courseCode), courseCode),
          joinUrl:
            plan.mode === "offline"
              ? null
              : `https://meeting.example.org/${courseCode.toLowerCase()}-${random.int(1000, 9999)}`,
        })
        .returning({ id: trainingSessions.id })
        .get();
      return { id: row.id, plan };
    });

    return { courseIds, upcoming, sessions2021 };
  });
}

function courseSummary(
  title: { en: string; zh: string; ru: string; pt: string },
  program: (typeof PROGRAMS)[number],
  hours: number,
) {
  const translated = programText(program);
  return {
    en: `${title.en}: a course of ${hours} hours in the "${program.title.en}" program. ${program.summary.en}`,
    "zh-CN": `${title.zh}：“${program.title["zh-CN"]}”培训项目中的一门 ${hours} 学时课程。${program.summary["zh-CN"]}`,
    ru: `${title.ru}: курс продолжительностью ${hours} ч в программе «${translated.title.ru}». ${translated.summary.ru}`,
    "pt-BR": `${title.pt}: um curso de ${hours} horas do programa “${translated.title["pt-BR"]}”. ${translated.summary["pt-BR"]}`,
  };
}

/** A program's title and summary in Russian and Portuguese. */
function programText(program: (typeof PROGRAMS)[number]) {
  return required(
    PROGRAM_TRANSLATIONS[program.title.en ?? ""],
    `program ${program.title.en} in Russian and Portuguese`,
  );
}

/** A 2021 venue or co-host with its Russian and Portuguese text added. */
function inFourLanguages(text: LocalizedText | null): LocalizedText | null {
  if (!text) return null;
  return { ...text, ...required(PLACE_TRANSLATIONS[text.en ?? ""], `place ${text.en} in Russian and Portuguese`) };
}

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`Seed data refers to an unknown ${name}`);
  return value;
}
