import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadRosterExport } from "~/utils/roster-export.server";
import { toCsv } from "~/utils/spreadsheet";
import { csvResponse } from "~/utils/xlsx-stream.server";

/** The roster with attendance per day as CSV (personal data: the export is audited). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { header, rows, fileName } = await loadRosterExport(request, params.sessionId, "csv");
  return csvResponse(`${fileName}.csv`, toCsv([header, ...rows]));
}
