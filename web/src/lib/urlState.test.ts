import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE, formatHash, parseHash, type AtlasUrlState } from './urlState.ts';

describe('urlState', () => {
  it('gives the defaults for an empty hash', () => {
    expect(parseHash('')).toEqual(DEFAULT_STATE);
    expect(formatHash(DEFAULT_STATE)).toBe('');
  });

  it('round-trips a full state', () => {
    const s: AtlasUrlState = {
      view: { center: [107.95123, 14.65432], zoom: 11.5 },
      lang: 'en',
      year: 2024,
      criterion: 17,
      layers: ['communes', 'plots'],
      selection: { kind: 'khoanh', id: 'k:568/3' },
    };
    const hash = formatHash(s);
    expect(hash).toBe('#map=11.5/14.65432/107.95123&lang=en&year=2024&criterion=17&layers=communes,plots&sel=khoanh:k:568/3');
    expect(parseHash(hash)).toEqual(s);
  });

  it('rounds the view to short, stable numbers', () => {
    const hash = formatHash({ ...DEFAULT_STATE, view: { center: [107.123456789, 14.987654321], zoom: 9.87654 } });
    expect(hash).toBe('#map=9.88/14.98765/107.12346');
  });

  it('keeps an empty layer list distinct from the default', () => {
    const hash = formatHash({ ...DEFAULT_STATE, layers: [] });
    expect(hash).toBe('#layers=');
    expect(parseHash(hash).layers).toEqual([]);
  });

  it('ignores malformed values', () => {
    const s = parseHash('#map=abc&lang=fr&year=19&criterion=x&layers=communes,bogus&sel=nope');
    expect(s.view).toBeNull();
    expect(s.lang).toBe('vi');
    expect(s.year).toBeNull();
    expect(s.criterion).toBeNull();
    expect(s.layers).toEqual(['communes']);
    expect(s.selection).toBeNull();
  });

  it('rejects out-of-range views', () => {
    expect(parseHash('#map=30/14/108').view).toBeNull();
    expect(parseHash('#map=8/95/108').view).toBeNull();
  });

  it('encodes village codes and coordinates readably', () => {
    expect(formatHash({ ...DEFAULT_STATE, selection: { kind: 'village', id: '23245-07' } })).toBe('#sel=village:23245-07');
    const coord = formatHash({ ...DEFAULT_STATE, selection: { kind: 'coordinate', id: '107.9,14.6' } });
    expect(coord).toBe('#sel=coordinate:107.9,14.6');
    expect(parseHash(coord).selection).toEqual({ kind: 'coordinate', id: '107.9,14.6' });
  });
});

describe('screens carry the app state in their hash (one year for the whole app)', () => {
  it("a screen's hash gives the app its year and language, and the screen its own state", async () => {
    const { screenHash, screenParams } = await import('./urlState.ts');
    expect(parseHash('#/ntm?year=2020&lang=en&district=608').year).toBe(2020);
    expect(parseHash('#/ntm?year=2020&lang=en').lang).toBe('en');
    expect(parseHash('#/ntm?year=2020&map=9.5/14.45/107.95').view).toEqual({ zoom: 9.5, center: [107.95, 14.45] });
    expect(screenHash('/ntm', { year: 2020, district: null, compare: undefined })).toBe('#/ntm?year=2020');
    expect(screenParams('#/ntm?year=2020&district=608').get('district')).toBe('608');
  });
});

describe('urlState: what a saved view keeps', () => {
  it('round-trips the palette and the folded panel, and writes only keys the server accepts for a saved view', async () => {
    const { ShareQuery, unknownKeys } = await import('../../../server/domain/views.ts');
    const s: AtlasUrlState = {
      ...DEFAULT_STATE,
      view: { zoom: 11, center: [107.9, 14.4] },
      year: 2023,
      style: 'change',
      compare: 2020,
      palette: 'contrast',
      panel: 'collapsed',
      layers: ['communes', 'plots'],
      selection: { kind: 'commune', id: '23245' },
      plotFilter: { plantingYear: 2021, unit: '608', funding: null, classes: ['rejected'] },
    };
    const hash = formatHash(s);
    expect(parseHash(hash)).toEqual(s);
    expect(unknownKeys(hash.slice(1))).toEqual([]);
    expect(ShareQuery.safeParse(hash.slice(1)).success).toBe(true);
    expect(parseHash('#palette=standard').palette).toBeUndefined();
    expect(parseHash('#palette=neon&panel=x')).toEqual(DEFAULT_STATE);
  });

  it('keeps the dashboard open, with its scope (the selection), and the server accepts it in a saved view', async () => {
    const { ShareQuery, unknownKeys } = await import('../../../server/domain/views.ts');
    const s: AtlasUrlState = { ...DEFAULT_STATE, year: 2023, dash: true, selection: { kind: 'district', id: '610' } };
    const hash = formatHash(s);
    expect(hash).toContain('dash=1');
    expect(parseHash(hash)).toEqual(s);
    expect(unknownKeys(hash.slice(1))).toEqual([]);
    expect(ShareQuery.safeParse(hash.slice(1)).success).toBe(true);
    expect(formatHash({ ...s, dash: undefined })).not.toContain('dash');
    expect(parseHash('#dash=0').dash).toBeUndefined();
    expect(parseHash('#dash=yes')).toEqual(DEFAULT_STATE);
  });
});
