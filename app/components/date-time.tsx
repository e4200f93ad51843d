import { useTranslation } from "react-i18next";
import { formatRange } from "~/utils/format";
import { localDate } from "~/utils/time-zone";
import { useViewerTimeZone } from "./viewer-time-zone";

// Node's ICU and the browser's can differ in whitespace ("2:00 PM" with a narrow no-break
// space or a plain one). The server's text is right either way, so hydration keeps it.

/**
 * A start–end range in the session's own zone, labelled with its offset, and below it the
 * same range in the viewer's zone when that differs, saying so when the date changes.
 */
export function TimeRange({ start, end, timeZone }: { start: Date; end: Date; timeZone: string }) {
  const { t, i18n } = useTranslation();
  const viewerZone = useViewerTimeZone();
  const showViewer =
    viewerZone &&
    viewerZone !== timeZone &&
    formatRange(start, end, "en", viewerZone) !== formatRange(start, end, "en", timeZone);
  const sessionDay = localDate(start, timeZone);
  const viewerDay = viewerZone ? localDate(start, viewerZone) : sessionDay;
  return (
    <>
      <time dateTime={start.toISOString()} suppressHydrationWarning>
        {formatRange(start, end, i18n.language, timeZone)}
      </time>
      {showViewer ? (
        <span className="viewer-time" suppressHydrationWarning>
          <br />
          {t("session.yourTime", { zone: viewerZone, time: formatRange(start, end, i18n.language, viewerZone) })}
          {viewerDay !== sessionDay
            ? ` · ${t(viewerDay > sessionDay ? "session.dayAfter" : "session.dayBefore")}`
            : null}
        </span>
      ) : null}
    </>
  );
}
