/** Prints progress of a long job: one rewritten line on a terminal, a line per step otherwise. */
export function createProgress(stream: NodeJS.WriteStream = process.stderr) {
  const started = performance.now();
  let lastPhase = "";
  return (phase: string, done: number, total: number) => {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
    const line = `${phase}: ${done.toLocaleString("en")}/${total.toLocaleString("en")} (${percent}%) ${seconds}s`;
    if (stream.isTTY) {
      stream.write(`${phase !== lastPhase && lastPhase ? "\n" : "\r"}${line}`);
      if (done >= total) stream.write("\n");
    } else if (phase !== lastPhase || done >= total || percent % 10 === 0) {
      stream.write(`${line}\n`);
    }
    lastPhase = done >= total ? "" : phase;
  };
}
