import { describe, expect, it } from 'vitest';
import { fitView, formatPrintDate, metresPerPixel, MM_PER_CSS_PX, pageSizeMm, parsePrintRequest, printSearch, scaleBar, viewBounds, type PrintRequest } from './paper.ts';

describe('print geometry', () => {
  it('knows ISO paper in both orientations', () => {
    expect(pageSizeMm('A4', 'portrait')).toEqual({ width: 210, height: 297 });
    expect(pageSizeMm('A3', 'landscape')).toEqual({ width: 420, height: 297 });
  });

  it('reads the print request, falling back on bad values, and writes it back', () => {
    expect(parsePrintRequest('?year=2020')).toBeNull();
    expect(parsePrintRequest('?print=1')).toEqual({ paper: 'A4', orientation: 'landscape' });
    expect(parsePrintRequest('?print=1&paper=A5&orientation=sideways&bbox=1,2')).toEqual({ paper: 'A4', orientation: 'landscape' });
    const r: PrintRequest = { paper: 'A3', orientation: 'portrait', bbox: [107.5, 14.1, 108.5, 15.2], title: 'Tiến độ NTM', note: 'Ghi chú' };
    expect(parsePrintRequest(printSearch(r))).toEqual(r);
    expect(parsePrintRequest('?print=1&bbox=108,14,107,15')?.bbox).toBeUndefined(); // west > east
  });

  it('picks a round distance whose bar fits, and its exact length on paper', () => {
    const b = scaleBar(100, 40); // 100 m/px = 377.95 m/mm: 40 mm ≈ 15.1 km
    expect(b.metres).toBe(10_000);
    expect(b.mm).toBeCloseTo(10_000 / (100 / MM_PER_CSS_PX), 9);
    expect(b.ratio).toBe(378_000);
    expect(scaleBar(0.5, 40).metres).toBe(50); // 1.89 m/mm: 40 mm ≈ 75.6 m
    expect(scaleBar(1000, 40).metres).toBe(100_000);
  });

  it('has the Web Mercator scale maplibre draws (512 px tiles)', () => {
    expect(metresPerPixel(0, 0)).toBeCloseTo(78271.517, 2);
    expect(metresPerPixel(60, 10)).toBeCloseTo(78271.517 / 1024 / 2, 3);
  });

  it('fits an extent into a printed map and back', () => {
    const bbox = [107.3, 13.9, 108.6, 15.4] as const;
    const v = fitView(bbox, 1500, 1000);
    const [w, s, e, n] = viewBounds(v, 1500, 1000);
    // the tighter side fits exactly, the other shows more
    expect(n - s).toBeCloseTo(15.4 - 13.9, 6);
    expect(w).toBeLessThan(107.3);
    expect(e).toBeGreaterThan(108.6);
  });

  it('dates as Vietnamese documents do', () => {
    expect(formatPrintDate(new Date(2026, 0, 5))).toBe('05/01/2026');
  });
});
