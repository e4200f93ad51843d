/**
 * How many turns other work (a chain of macrotasks, as other requests would be) got while `work`
 * ran: zero for code that holds the event loop from start to end.
 */
export async function turnsOfOtherWorkDuring(work: () => Promise<unknown>): Promise<number> {
  let turns = 0;
  let running = true;
  const other = () => {
    turns++;
    if (running) setImmediate(other);
  };
  setImmediate(other);
  try {
    await work();
  } finally {
    running = false;
  }
  return turns;
}
