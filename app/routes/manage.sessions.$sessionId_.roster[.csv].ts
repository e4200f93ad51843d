import type { LoaderFunctionArgs } from "react-router";
import { csvResponse } from "~/utils/downloads.server";
import { loadRosterExport } from "~/utils/roster-export.server";

/** The roster with attendance per day as CSV (personal data: the export is audited). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { header, rows, fileName } = await loadRosterExport(request, params.sessionId, "csv");
  return csvResponse(`${fileName}.csv`, header, rows);
}
