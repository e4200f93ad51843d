import { useTranslation } from "react-i18next";
import { formatRange } from "~/utils/format";

// Node's ICU and the browser's can differ in whitespace ("2:00 PM" with a narrow no-break
// space or a plain one). The server's text is right either way, so hydration keeps it.

/** A start–end range shown in the session's own zone, labelled with its UTC offset. */
export function TimeRange({ start, end, timeZone }: { start: Date; end: Date; timeZone: string }) {
  const { i18n } = useTranslation();
  return (
    <time dateTime={start.toISOString()} suppressHydrationWarning>
      {formatRange(start, end, i18n.language, timeZone)}
    </time>
  );
}
