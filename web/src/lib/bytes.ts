/**
 * A size as people read it: "850 KB", "2,4 MB" (numbers in the user's language by `num`).
 * @example formatBytes(2_500_000, (n, d) => n.toFixed(d)) // '2.4 MB'
 */
export function formatBytes(bytes: number, num: (n: number, digits?: number) => string): string {
  if (bytes < 1024 ** 2) return `${num(Math.max(bytes, 0) / 1024, 1)} KB`;
  return `${num(bytes / 1024 ** 2, 1)} MB`;
}
