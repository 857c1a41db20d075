/**
 * Date and time inputs in Asia/Shanghai whatever the PC's zone: <input type="datetime-local"> and
 * <input type="date"> read and write wall-clock text, which is turned into instants at +08:00
 * (no daylight saving there, so the offset is exact).
 */
const OFFSET = 8 * 3_600_000;

/** "2025-07-02T14:30" for an instant. */
export function toLocalInput(t: number): string {
  return new Date(t + OFFSET).toISOString().slice(0, 16);
}

/** "2025-07-02" for an instant. */
export function toDateInput(t: number): string {
  return new Date(t + OFFSET).toISOString().slice(0, 10);
}

/** The instant of "2025-07-02T14:30" or "2025-07-02" in Shanghai; null when not a valid value. */
export function fromLocalInput(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(text);
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00'] = m;
  const t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi)) - OFFSET;
  return Number.isFinite(t) && toLocalInput(t).startsWith(`${y}-${mo}-${d}`) ? t : null;
}

/** "07-02 14:30" (or with the year when `withYear`), for the big clock and the window. */
export function clockText(t: number, withYear = true): string {
  const s = new Date(t + OFFSET).toISOString();
  return `${withYear ? s.slice(0, 10) : s.slice(5, 10)} ${s.slice(11, 16)}`;
}
