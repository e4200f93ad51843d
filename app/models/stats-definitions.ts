/** The definitions the dashboard shows and the workbook repeats, in this order (keys of stats.definitions). */
export const STATS_DEFINITIONS = [
  "registrations",
  "participantTimes",
  "distinctParticipants",
  "attendanceDays",
  "attendanceRate",
  "country",
] as const;

/** Statistics count days and months in Xiamen, where the office reports from. */
export const REPORTING_TIME_ZONE = "Asia/Shanghai";
