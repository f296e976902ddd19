/** A figure over the rounds: the middle round's (the mean of the two middle ones for an even count), the lowest and the highest. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!s.length) return { median: Number.NaN, min: Number.NaN, max: Number.NaN };
  const mid = Math.floor(s.length / 2);
  return { median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, min: s[0], max: s[s.length - 1] };
}

/** a / b, or NaN when b is not a positive number (a ratio that cannot be formed is not a zero). */
export const ratio = (a: number, b: number): number => (b > 0 ? a / b : Number.NaN);

/** The total of the values; a missing one counts as 0. */
export const sum = (values: readonly (number | undefined)[]): number =>
  values.reduce<number>((a, b) => a + (b ?? 0), 0);
