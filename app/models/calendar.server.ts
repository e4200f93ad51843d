/**
 * Calendar files of a trainee's places, and the personal feed's secret address. The feed is
 * read by calendar apps, which cannot sign in: the address itself is the key, so only a hash of
 * its secret is kept and making a new address revokes the old one.
 */
import { eq, isNull, and } from "drizzle-orm";
import type { TFunction } from "i18next";
import { users } from "../../db/schema";
import { transaction, type Db, type Handle } from "../utils/db.server";
import { buildCalendar, type CalendarEvent } from "../utils/icalendar";
import { hashSecret, randomSecret } from "../utils/tokens.server";
import { recordAuditEvent } from "./audit.server";
import { listPlaces, type Place } from "./enrollment.server";

/** One place as a calendar event: cancelled places (or sessions) stay in as cancelled events. */
export function placeEvent(place: Place, { t, siteUrl }: { t: TFunction; siteUrl: string }): CalendarEvent {
  const cancelled = place.status === "cancelled" || place.sessionStatus === "cancelled";
  const status = cancelled ? "CANCELLED" : place.status === "waitlisted" ? "TENTATIVE" : "CONFIRMED";
  const statusText = cancelled
    ? t("enrollment.status.cancelled")
    : place.status === "waitlisted"
      ? t("enrollment.waitlistPosition", { position: place.position })
      : t("enrollment.status.confirmed");
  const url = `${siteUrl}/sessions/${place.sessionId}`;
  return {
    uid: `registration-${place.registrationId}@brics-training-alliance`,
    start: place.startsAt,
    end: place.endsAt,
    timeZone: place.timeZone,
    summary: place.status === "waitlisted" ? t("enrollment.calendarWaitlisted", { title: place.title }) : place.title,
    description: [statusText, place.joinUrl ? t("enrollment.joinAt", { link: place.joinUrl }) : null, url]
      .filter(Boolean)
      .join("\n"),
    location: place.venue ?? place.joinUrl ?? undefined,
    url,
    status,
  };
}

/** The .ics file of one place. */
export function placeCalendar(place: Place, options: { t: TFunction; siteUrl: string }): string {
  return buildCalendar({ name: place.title, events: [placeEvent(place, options)] });
}

/** The feed: every place the person ever had, cancelled ones as cancelled events. */
export async function feedCalendar(
  db: Handle,
  {
    userId,
    locale,
    t,
    siteUrl,
  }: {
    userId: number;
    locale: string;
    t: TFunction;
    siteUrl: string;
  },
): Promise<string> {
  const { upcoming, past } = await listPlaces(db, { userId, locale });
  return buildCalendar({
    name: t("enrollment.calendarName"),
    events: [...past.reverse(), ...upcoming].map((place) => placeEvent(place, { t, siteUrl })),
  });
}

/** Makes a new secret feed address for a person (revoking any earlier one) and returns its token. */
export async function createCalendarToken(db: Db, userId: number): Promise<string> {
  const token = randomSecret(32);
  await transaction(db, async (tx) => {
    await tx
      .update(users)
      .set({ calendarTokenHash: hashSecret(token) })
      .where(eq(users.id, userId));
    await recordAuditEvent(tx, {
      actorUserId: userId,
      action: "calendar_feed.created",
      entityType: "user",
      entityId: userId,
    });
  });
  return token;
}

export async function revokeCalendarToken(db: Db, userId: number): Promise<void> {
  await transaction(db, async (tx) => {
    await tx.update(users).set({ calendarTokenHash: null }).where(eq(users.id, userId));
    await recordAuditEvent(tx, {
      actorUserId: userId,
      action: "calendar_feed.revoked",
      entityType: "user",
      entityId: userId,
    });
  });
}

export async function hasCalendarToken(db: Handle, userId: number): Promise<boolean> {
  const [row] = await db.select({ hash: users.calendarTokenHash }).from(users).where(eq(users.id, userId));
  return Boolean(row?.hash);
}

/** Whose feed a token opens, if any. */
export async function findCalendarOwner(db: Handle, token: string): Promise<{ id: number; locale: string } | null> {
  if (token.length < 20 || token.length > 100) return null;
  const [owner] = await db
    .select({ id: users.id, locale: users.locale })
    .from(users)
    .where(and(eq(users.calendarTokenHash, hashSecret(token)), isNull(users.deletedAt)))
    .limit(1);
  return owner ?? null;
}
