/**
 * The statistics snapshot follows every kind of change: its figures after a series of writes
 * equal the definitions computed by SQLite straight from the rows.
 */
import { describe, expect, it } from "vitest";
import { getDb } from "~/utils/db.server";
import { computeStats } from "~/models/stats.server";
import { pruneStatsChanges } from "~/models/stats-snapshot.server";
import { createTestSession, createTrainees, fillSeats } from "../support/enrollment";

const sqlite = () => getDb().$client;

/** The definitions, in SQL, over every non-draft session. */
function fromTheRows() {
  const attended = `exists (select 1 from attendance a where a.registration_id = r.id and a.attended = 1)`;
  const base = `from registrations r join training_sessions s on s.id = r.session_id where s.status != 'draft'`;
  const one = (sql: string) => sqlite().prepare(sql).pluck().get() as number;
  return {
    registrations: one(`select count(*) ${base} and r.status != 'cancelled'`),
    confirmed: one(`select count(*) ${base} and r.status = 'confirmed'`),
    participantTimes: one(`select count(*) ${base} and ${attended}`),
    distinctParticipants: one(`select count(distinct r.user_id) ${base} and ${attended}`),
    attendanceDays: one(
      `select count(*) from attendance a join registrations r on r.id = a.registration_id
       join training_sessions s on s.id = r.session_id where s.status != 'draft' and a.attended = 1`,
    ),
    byYear: Object.fromEntries(
      (
        sqlite()
          .prepare(
            `select strftime('%Y', (s.starts_at + 8 * 3600000) / 1000, 'unixepoch') as year, count(*) as n
             ${base} and ${attended} group by year`,
          )
          .all() as { year: string; n: number }[]
      ).map((row) => [row.year, row.n]),
    ),
  };
}

function fromTheSnapshot() {
  // Every session, those still to come too: this compares the snapshot with the rows, whatever
  // the date (the dashboard itself stops at today: see stats.test.ts).
  const stats = computeStats({}, "en", "9999-12-31");
  const { registrations, confirmed, participantTimes, distinctParticipants, attendanceDays } = stats.totals;
  return {
    registrations,
    confirmed,
    participantTimes,
    distinctParticipants,
    attendanceDays,
    byYear: Object.fromEntries(
      stats.byYear.filter((y) => y.participantTimes > 0).map((y) => [y.year, y.participantTimes]),
    ),
  };
}

describe("the statistics snapshot", () => {
  it("stays equal to the rows through enrollments, attendance, cancellations, moved sessions and deletions", () => {
    expect(fromTheSnapshot()).toEqual(fromTheRows());
    const mark = sqlite().prepare(
      "insert into attendance (registration_id, day, attended, method, recorded_at) values (?, ?, ?, 'manual', ?) on conflict (registration_id, day) do update set attended = excluded.attended",
    );
    const sessionId = createTestSession(sqlite(), { capacity: 10, startsInDays: -400, status: "completed" });
    const people = createTrainees(sqlite(), { count: 4, prefix: `snapshot-${Date.now()}`, country: "EG" });
    fillSeats(sqlite(), sessionId, people);
    const places = sqlite()
      .prepare("select id from registrations where session_id = ? order by id")
      .pluck()
      .all(sessionId) as number[];
    expect(fromTheSnapshot()).toEqual(fromTheRows());

    mark.run(places[0], "2025-01-01", 1, Date.now());
    mark.run(places[0], "2025-01-02", 1, Date.now());
    mark.run(places[1], "2025-01-01", 1, Date.now());
    expect(fromTheSnapshot()).toEqual(fromTheRows());

    // Someone who has attended before takes a place: the row goes among that person's rows.
    const veteran = sqlite()
      .prepare(
        `select r.user_id from registrations r join attendance a on a.registration_id = r.id
         where a.attended = 1 order by r.user_id limit 1`,
      )
      .pluck()
      .get() as number;
    const veteranPlace = Number(
      sqlite()
        .prepare(
          "insert into registrations (session_id, user_id, status, country_code, queued_at) values (?, ?, 'confirmed', 'BR', ?)",
        )
        .run(sessionId, veteran, Date.now()).lastInsertRowid,
    );
    mark.run(veteranPlace, "2025-01-01", 1, Date.now());
    expect(fromTheSnapshot()).toEqual(fromTheRows());

    mark.run(places[1], "2025-01-01", 0, Date.now()); // corrected to absent
    sqlite().prepare("update registrations set status = 'cancelled' where id = ?").run(places[2]);
    expect(fromTheSnapshot()).toEqual(fromTheRows());

    // The session moves to another year: its registrations move with it.
    sqlite()
      .prepare(
        "update training_sessions set starts_at = starts_at - 400 * 86400000, ends_at = ends_at - 400 * 86400000, enrollment_opens_at = enrollment_opens_at - 400 * 86400000, enrollment_closes_at = enrollment_closes_at - 400 * 86400000 where id = ?",
      )
      .run(sessionId);
    expect(fromTheSnapshot()).toEqual(fromTheRows());

    // A registration deleted by hand (the app never does) counts for nothing.
    sqlite().prepare("delete from attendance where registration_id = ?").run(places[0]);
    sqlite().prepare("delete from registrations where id = ?").run(places[0]);
    expect(fromTheSnapshot()).toEqual(fromTheRows());

    // A session back to draft leaves the figures.
    sqlite().prepare("update training_sessions set status = 'draft' where id = ?").run(sessionId);
    expect(fromTheSnapshot()).toEqual(fromTheRows());
  });

  it("reads everything again when the change log was pruned past where it stopped", () => {
    expect(fromTheSnapshot()).toEqual(fromTheRows());
    const sessionId = createTestSession(sqlite(), { capacity: 50, startsInDays: -30, status: "completed" });
    const people = createTrainees(sqlite(), { count: 30, prefix: `pruned-${Date.now()}`, country: "KZ" });
    fillSeats(sqlite(), sessionId, people);
    const insert = sqlite().prepare(
      "insert into attendance (registration_id, day, attended, method, recorded_at) select id, '2026-10-01', 1, 'import', 0 from registrations where session_id = ?",
    );
    insert.run(sessionId);
    pruneStatsChanges(0);
    expect(sqlite().prepare("select count(*) from stats_changes").pluck().get()).toBeLessThanOrEqual(1);
    expect(fromTheSnapshot()).toEqual(fromTheRows());
  });
});
