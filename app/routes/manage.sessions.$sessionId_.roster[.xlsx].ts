import { loadRosterExport } from "~/utils/roster-export.server";
import { xlsxResponse } from "~/utils/downloads.server";
import type { Route } from "./+types/manage.sessions.$sessionId_.roster[.xlsx]";

/** The roster with attendance per day as an Excel workbook (personal data: the export is audited). */
export async function loader({ request, params }: Route.LoaderArgs) {
  const { header, rows, fileName, sheetName } = await loadRosterExport(request, params.sessionId, "xlsx");
  return xlsxResponse(`${fileName}.xlsx`, async ({ sheet }) =>
    sheet(
      sheetName,
      header.map((title, index) => ({ header: title, width: index < 2 ? 30 : index < 6 ? 18 : 12 })),
      rows,
    ),
  );
}
