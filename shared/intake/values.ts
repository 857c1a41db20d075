/** Cell text to typed values, the way hotline exports write them. */

const DATE_TIME =
  /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[T\s]+(\d{1,2})[:时](\d{1,2})(?:[:分](\d{1,2})(?:\.\d+)?秒?)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})(\d{2})?(\d{2})?(\d{2})?$/;

/**
 * Epoch ms of a local date-time ("2025-06-02 09:30", "2025/6/2 9:30:05", "2025年6月2日 09:30",
 * "20250602093000"), read in the offset given (the working calendar's, +08:00 in China) unless the
 * text names its own. Null when it is no date or an impossible one (2月30日).
 */
export function parseDateTime(text: string, offsetMs: number): number | null {
  const t = text.trim();
  const full = DATE_TIME.exec(t);
  const m = full ?? COMPACT.exec(t);
  if (!m) return null;
  const [Y, M, D, H, Mi, S] = m.slice(1, 7).map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (M < 1 || M > 12 || D < 1 || D > 31 || H > 23 || Mi > 59 || S > 59) return null;
  const wall = Date.UTC(Y, M - 1, D, H, Mi, S);
  const check = new Date(wall);
  if (check.getUTCMonth() !== M - 1 || check.getUTCDate() !== D) return null;
  const zone = full?.[7];
  if (!zone) return wall - offsetMs;
  if (zone === 'Z') return wall;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return wall - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}

/** A plain decimal number ("113.52", "-0.5", " 22.8 "); no thousands separators, no units. */
export function parseDecimal(text: string): number | null {
  const t = text.trim().replace(/[°度]$/, '');
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}
