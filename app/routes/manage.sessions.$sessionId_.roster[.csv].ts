import { csvResponse } from "~/utils/downloads.server";
import { loadRosterExport } from "~/utils/roster-export.server";
import type { Route } from "./+types/manage.sessions.$sessionId_.roster[.csv]";

/** The roster with attendance per day as CSV (personal data: the export is audited). */
export async function loader({ request, params }: Route.LoaderArgs) {
  const { header, rows, fileName } = await loadRosterExport(request, params.sessionId, "csv");
  return csvResponse(`${fileName}.csv`, header, rows);
}
