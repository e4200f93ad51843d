/** The definitions the dashboard shows and the workbook repeats, in this order (keys of stats.definitions). */
export const STATS_DEFINITIONS = [
  "registrations",
  "participantTimes",
  "distinctParticipants",
  "attendanceDays",
  "attendanceRate",
  "country",
] as const;
