/**
 * The upcoming training sessions of the seed catalog, laid out relative to "now" so the
 * catalog always has a future. The first six are the states a trainee can meet; the demo
 * generator fills their seats to match (`fill`).
 */
import type { LocalizedText } from "../schema/columns";
import type { SessionMode } from "../schema/catalog";
import { localDate, zonedLocalToUtc } from "../../app/utils/time-zone";
import { PROGRAMS } from "./catalog-data";
import type { Random } from "./random";

const DAY_MS = 24 * 60 * 60 * 1000;

export type SeatFill = { confirmed: number; waitlisted: number };

export type PlannedSession = {
  courseCode: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  mode: SessionMode;
  capacity: number;
  enrollmentOpensAt: Date;
  enrollmentClosesAt: Date;
  status: "published" | "cancelled";
  cancellationReason: string | null;
  venue: LocalizedText | null;
  coHost: LocalizedText | null;
  languages: string[];
  /** How many seats the demo data takes; null lets the generator choose. */
  fill: SeatFill | null;
};

/** Zones of the audiences that online sessions are scheduled for. */
const AUDIENCE_ZONES = ["Asia/Shanghai", "Europe/Moscow", "America/Sao_Paulo", "Asia/Kolkata", "Africa/Johannesburg"];

/** Where the demo's in-person sessions are held. */
export const XIAMEN_VENUE: LocalizedText = {
  en: "BRICS Innovation Base training centre, Xiamen",
  "zh-CN": "厦门金砖创新基地培训中心",
  ru: "Учебный центр Инновационной базы БРИКС, Сямэнь",
  "pt-BR": "Centro de formação da Base de Inovação do BRICS, Xiamen",
};

const CO_HOSTS: LocalizedText[] = [
  {
    en: "Embassy of Brazil in China",
    "zh-CN": "巴西驻华大使馆",
    ru: "Посольство Бразилии в Китае",
    "pt-BR": "Embaixada do Brasil na China",
  },
  {
    en: "Embassy of the Russian Federation in China",
    "zh-CN": "俄罗斯驻华大使馆",
    ru: "Посольство Российской Федерации в Китае",
    "pt-BR": "Embaixada da Federação Russa na China",
  },
  {
    en: "Embassy of India in China",
    "zh-CN": "印度驻华大使馆",
    ru: "Посольство Индии в Китае",
    "pt-BR": "Embaixada da Índia na China",
  },
  {
    en: "Embassy of South Africa in China",
    "zh-CN": "南非驻华大使馆",
    ru: "Посольство Южно-Африканской Республики в Китае",
    "pt-BR": "Embaixada da África do Sul na China",
  },
];

function sessionAt(now: Date, daysAhead: number, hour: string, zone: string, days: number, hoursPerDay: number) {
  const startsAt = zonedLocalToUtc(`${localDate(new Date(now.getTime() + daysAhead * DAY_MS), zone)}T${hour}`, zone);
  const endsAt = new Date(startsAt.getTime() + (days - 1) * DAY_MS + hoursPerDay * 60 * 60 * 1000);
  return { startsAt, endsAt };
}

export function planUpcomingSessions(now: Date, random: Random, courseCodes: string[]): PlannedSession[] {
  // Generated course codes share their program's prefix (XMU-MP-G01 with XMU-MP-101).
  const languagesOf = (code: string) =>
    PROGRAMS.find((p) =>
      p.courses.some(([c]) => c.split("-").slice(0, 2).join("-") === code.split("-").slice(0, 2).join("-")),
    )?.languages ?? ["en", "zh"];
  const courses = courseCodes.map((code) => ({ code, languages: languagesOf(code) }));
  const plan: PlannedSession[] = [];
  const base = (
    code: string,
    daysAhead: number,
    mode: SessionMode,
    zone: string,
    capacity: number,
    extra: Partial<PlannedSession> = {},
  ): PlannedSession => {
    const days = mode === "online" ? 1 : random.int(1, 3);
    const { startsAt, endsAt } = sessionAt(now, daysAhead, random.pick(["09:00", "14:00", "19:00"]), zone, days, 3);
    const languages = languagesOf(code);
    return {
      courseCode: code,
      startsAt,
      endsAt,
      timeZone: zone,
      mode,
      capacity,
      enrollmentOpensAt: new Date(Math.min(startsAt.getTime() - 60 * DAY_MS, now.getTime() - DAY_MS)),
      enrollmentClosesAt: new Date(startsAt.getTime() - DAY_MS),
      status: "published",
      cancellationReason: null,
      venue: mode === "online" ? null : XIAMEN_VENUE,
      coHost: null,
      languages,
      fill: null,
      ...extra,
    };
  };

  // The six states, in this order, so tests and the demo can point at them.
  plan.push(base("BRICS-NIC-201", 21, "online", "Asia/Shanghai", 500, { fill: { confirmed: 40, waitlisted: 0 } }));
  plan.push(base("XTC-RB-101", 14, "offline", "Asia/Shanghai", 30, { fill: { confirmed: 27, waitlisted: 0 } }));
  plan.push(
    base("XCVC-SC-202", 10, "hybrid", "Asia/Shanghai", 25, {
      fill: { confirmed: 25, waitlisted: 8 },
      coHost: CO_HOSTS[1] ?? null,
    }),
  );
  const notYetOpen = base("XMU-DE-203", 75, "online", "Europe/Moscow", 300);
  plan.push({ ...notYetOpen, enrollmentOpensAt: new Date(now.getTime() + 15 * DAY_MS) });
  const closed = base("HQU-CC-103", 2, "online", "America/Sao_Paulo", 200, { coHost: CO_HOSTS[0] ?? null });
  plan.push({ ...closed, enrollmentClosesAt: new Date(now.getTime() - DAY_MS / 2) });
  plan.push(
    base("XOVC-SP-201", 30, "offline", "Asia/Shanghai", 40, {
      status: "cancelled",
      cancellationReason: "The trainer cannot travel on these dates; a new run will be announced.",
    }),
  );

  // Then one run of every course over the next six months, modes and audiences mixed.
  courses.forEach(({ code }, index) => {
    const mode = random.weighted<SessionMode>([
      ["online", 5],
      ["offline", 2],
      ["hybrid", 3],
    ]);
    const zone = mode === "online" ? random.pick(AUDIENCE_ZONES) : "Asia/Shanghai";
    const capacity =
      mode === "offline" ? random.int(20, 60) : mode === "hybrid" ? random.int(60, 200) : random.int(200, 1000);
    plan.push(
      base(code, 5 + ((index * 37) % 175), mode, zone, capacity, {
        coHost: random.chance(0.15) ? random.pick(CO_HOSTS) : null,
      }),
    );
  });
  return plan;
}
