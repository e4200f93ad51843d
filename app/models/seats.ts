/**
 * Seat arithmetic that pages share with the server: how many seats a pool has left. Counting the
 * seats taken is the seat ledger's (seat-ledger.server.ts), which re-exports this.
 */
export function seatsLeft({ capacity, confirmed }: { capacity: number; confirmed: number }): number {
  return Math.max(0, capacity - confirmed);
}
