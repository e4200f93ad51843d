import { useNonce } from "./nonce";

/** schema.org data for search engines. `<` is escaped so no text can close the script early. */
export function JsonLd({ data }: { data: Record<string, unknown> }) {
  const nonce = useNonce();
  return (
    <script
      type="application/ld+json"
      nonce={nonce}
      suppressHydrationWarning
      dangerouslySetInnerHTML={{ __html: JSON.stringify(data).replace(/</g, "\\u003c") }}
    />
  );
}

const COURSE_MODE = { online: "online", offline: "onsite", hybrid: "blended" } as const;

type InstanceFields = {
  startsAt: Date;
  endsAt: Date;
  mode: "online" | "offline" | "hybrid";
  status: string;
  venue?: string | null;
  institutionName: string;
  languages: string[];
};

/** A schema.org CourseInstance for one training session. */
export function courseInstance(session: InstanceFields) {
  return {
    "@type": "CourseInstance",
    courseMode: COURSE_MODE[session.mode],
    startDate: session.startsAt.toISOString(),
    endDate: session.endsAt.toISOString(),
    inLanguage: session.languages,
    eventStatus:
      session.status === "cancelled" ? "https://schema.org/EventCancelled" : "https://schema.org/EventScheduled",
    ...(session.venue ? { location: { "@type": "Place", name: session.venue } } : {}),
    organizer: { "@type": "Organization", name: session.institutionName },
  };
}
