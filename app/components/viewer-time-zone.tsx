import { useRevalidator, useRouteLoaderData } from "react-router";
import { useEffect } from "react";

type RootData = { viewerTimeZone: string | null } | undefined;

/** The viewer's own zone, once their browser has told us (null before, and without JavaScript). */
export function useViewerTimeZone(): string | null {
  return useRouteLoaderData<RootData>("root")?.viewerTimeZone ?? null;
}

/**
 * Tells the server the browser's zone in a cookie and re-renders with it, so every page after
 * the first shows times in the viewer's zone straight from the server.
 */
export function useRememberViewerTimeZone(known: string | null) {
  const revalidator = useRevalidator();
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone || zone === known) return;
    document.cookie = `tz=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`;
    void revalidator.revalidate();
    // Only when the known zone changes; the revalidator object is new on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [known]);
}
