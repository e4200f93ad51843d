import { isValidTimeZone } from "./time-zone";

/** The viewer's IANA zone as their browser reported it (the `tz` cookie), if any and valid. */
export function getViewerTimeZone(request: Request): string | null {
  const match = /(?:^|;\s*)tz=([^;]+)/.exec(request.headers.get("Cookie") ?? "");
  if (!match?.[1]) return null;
  let zone: string;
  try {
    zone = decodeURIComponent(match[1]);
  } catch {
    return null;
  }
  return zone.length <= 64 && isValidTimeZone(zone) ? zone : null;
}
