/**
 * Area analysis and measuring: draw a polygon or a rectangle on the map (or pick a commune, a
 * tiểu khu or a saved plan) → POST /api/stats/area → communes touched with their shares and NTM
 * status, lô by class with small bar charts, planting results, villages inside; exportable as
 * JSON and CSV. Measuring: distance along clicked points and area of the drawn shape (turf,
 * loaded with this lazily loaded panel only).
 */
import { toCsv, type CsvValue } from '../../../server/domain/csv.ts';
import { errorText } from '../api/http.ts';
import { useEffect, useState } from 'react';
import { area as turfArea } from '@turf/area';
import { lineString, polygon as turfPolygon } from '@turf/helpers';
import { length as turfLength } from '@turf/length';
import type { AreaAnalysis, AreaClassRow } from '../../../server/domain/planner.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/translate.ts';
import { plannerStore } from './overlay.ts';
import { plannerApi, type PlannerUnit } from './plannerApi.ts';

type Tool = 'none' | 'polygon' | 'rectangle' | 'measure';

/** A closed ring from the clicked points (a rectangle from its two corners). */
export function ringOf(tool: Tool, pts: [number, number][]): [number, number][] | null {
  if (tool === 'rectangle') {
    if (pts.length < 2) return null;
    const [a, b] = [pts[0]!, pts[1]!];
    const [w, e] = [Math.min(a[0], b[0]), Math.max(a[0], b[0])];
    const [s, n] = [Math.min(a[1], b[1]), Math.max(a[1], b[1])];
    return [[w, s], [e, s], [e, n], [w, n], [w, s]];
  }
  if (pts.length < 3) return null;
  return [...pts, pts[0]!];
}

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function Bars({ rows, label }: { rows: AreaClassRow[]; label(k: string): string }) {
  const { num } = useI18n();
  const max = Math.max(...rows.map((r) => r.areaHa), 0.0001);
  return (
    <ul className="planner-bars">
      {rows.map((r) => (
        <li key={r.key}>
          <span className="planner-bar-label">{label(r.key)}</span>
          <span className="planner-bar-track">
            <span style={{ width: `${(100 * r.areaHa) / max}%` }} />
          </span>
          <span className="planner-bar-value">{num(r.areaHa, 1)} ha</span>
        </li>
      ))}
    </ul>
  );
}

export function AreaPanel({ units, planIds, onFit }: { units: PlannerUnit[]; planIds: { id: number; name: string }[]; onFit(bbox: [number, number, number, number]): void }) {
  const { t, num, lang, pick: pickText } = useI18n();
  const [tool, setTool] = useState<Tool>('none');
  const [pts, setPts] = useState<[number, number][]>([]);
  const [result, setResult] = useState<AreaAnalysis | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [pick, setPick] = useState('');

  useEffect(() => {
    if (tool === 'none') {
      plannerStore.setClickHandler(null);
      return;
    }
    plannerStore.setClickHandler((at) => setPts((p) => (tool === 'rectangle' && p.length >= 2 ? [at] : [...p, at])));
    return () => plannerStore.setClickHandler(null);
  }, [tool]);

  const ring = ringOf(tool, pts);
  useEffect(() => {
    const shown = tool === 'rectangle' && ring ? ring.slice(0, 4) : pts;
    plannerStore.set({ sketch: tool === 'none' ? null : { points: shown, closed: tool !== 'measure' } });
  }, [pts, tool]); // eslint-disable-line react-hooks/exhaustive-deps -- ring derives from pts and tool

  const measuredM = tool === 'measure' && pts.length > 1 ? turfLength(lineString(pts), { units: 'kilometers' }) * 1000 : null;
  const drawnHa = ring && tool !== 'measure' ? turfArea(turfPolygon([ring])) / 10_000 : null;

  const analyse = async (body: unknown) => {
    setBusy(true);
    setError(null);
    try {
      const r = await plannerApi.area(body);
      setResult(r);
      plannerStore.set({ area: { id: 'area', geometry: r.geometry } });
      onFit(r.bbox);
    } catch (e) {
      setError(errorText(e, pickText, t('app.actionFailed')));
    } finally {
      setBusy(false);
    }
  };

  const finish = () => {
    if (!ring) return;
    void analyse({ type: 'Polygon', coordinates: [ring] });
    setTool('none');
    setPts([]);
  };

  const analysePick = () => {
    const [kind, id] = pick.split(':');
    if (kind === 'commune') void analyse({ commune: id });
    if (kind === 'tk' && Number(id) > 0) void analyse({ tieuKhu: Number(id) });
    if (kind === 'plan') void analyse({ planId: Number(id) });
  };

  const clear = () => {
    setResult(null);
    setTool('none');
    setPts([]);
    plannerStore.set({ area: null, sketch: null });
  };

  // the shared CSV writer of every export: ';' and decimal commas in Vietnamese (server/domain/csv.ts)
  const csv = (r: AreaAnalysis) => {
    const rows: CsvValue[][] = [['section', 'key', 'name', 'area_ha', 'share', 'detail']];
    rows.push(['area', '', r.source.label ?? r.source.kind, r.areaHa, 1, '']);
    for (const c of r.communes) rows.push(['commune', c.code, c.name, c.areaHa, c.shareOfArea, c.ntm ? `${c.ntm.criteriaMet}/${c.ntm.of} ${c.ntm.level} ${c.ntm.year}` : '']);
    for (const [s, list] of [['land_type', r.plots.byLandType], ['function', r.plots.byFunction], ['class', r.plots.byClass]] as const) {
      for (const x of list) rows.push([s, x.key, '', x.areaHa, '', x.count]);
    }
    for (const [k, v] of Object.entries(r.planting)) rows.push(['planting', k, '', v, '', '']);
    for (const v of r.villages) rows.push(['village', v.code, v.name, '', '', v.criteriaMet == null ? '' : `${v.criteriaMet}/${v.of} (${v.year})`]);
    return toCsv(rows, lang);
  };

  const communes = units.filter((u) => u.level === 'commune');
  return (
    <div className="planner-area" data-testid="area-panel">
      <div className="planner-tools" role="toolbar" aria-label={t('planner.tools')}>
        {(['polygon', 'rectangle', 'measure'] as const).map((k) => (
          <button key={k} type="button" aria-pressed={tool === k} onClick={() => (setPts([]), setTool(tool === k ? 'none' : k))} data-testid={`tool-${k}`}>
            {t(`planner.tool.${k}` as MessageKey)}
          </button>
        ))}
      </div>
      {tool !== 'none' ? (
        <div className="planner-sketch" data-testid="sketch">
          <p className="muted">{t(tool === 'rectangle' ? 'planner.rectHint' : tool === 'measure' ? 'planner.measureHint' : 'planner.polygonHint')}</p>
          {measuredM != null ? <p data-testid="measure-length">{t('planner.length', { km: num(measuredM / 1000, 3) })}</p> : null}
          {drawnHa != null ? <p data-testid="measure-area">{t('planner.drawnArea', { ha: num(drawnHa, 2) })}</p> : null}
          <div className="planner-inline">
            {tool !== 'measure' ? (
              <button type="button" className="primary" disabled={!ring || busy} onClick={finish} data-testid="sketch-finish">
                {t('planner.analyse')}
              </button>
            ) : null}
            <button type="button" onClick={() => setPts((p) => p.slice(0, -1))} disabled={!pts.length}>
              {t('planner.undo')}
            </button>
            <button type="button" onClick={() => (setPts([]), setTool('none'))}>
              {t('planner.cancel')}
            </button>
          </div>
        </div>
      ) : null}

      <div className="planner-inline planner-pick">
        <select value={pick} onChange={(e) => setPick(e.target.value)} aria-label={t('planner.pickArea')} data-testid="area-pick">
          <option value="">{t('planner.pickArea')}</option>
          <optgroup label={t('planner.commune')}>
            {communes.map((c) => (
              <option key={c.code} value={`commune:${c.code}`}>
                {c.name}
              </option>
            ))}
          </optgroup>
          {planIds.length ? (
            <optgroup label={t('planner.plans')}>
              {planIds.map((p) => (
                <option key={p.id} value={`plan:${p.id}`}>
                  {p.name}
                </option>
              ))}
            </optgroup>
          ) : null}
        </select>
        <input
          placeholder={t('planner.tieuKhu')}
          inputMode="numeric"
          className="planner-km"
          onKeyDown={(e) => {
            if (e.key === 'Enter') void analyse({ tieuKhu: Number((e.target as HTMLInputElement).value) });
          }}
          aria-label={t('planner.tieuKhu')}
        />
        <button type="button" onClick={analysePick} disabled={!pick || busy}>
          {t('planner.analyse')}
        </button>
      </div>
      {error ? (
        <p className="error" role="alert" data-testid="area-error">
          {error}
        </p>
      ) : null}

      {result ? (
        <div className="planner-analysis" data-testid="area-result">
          <p>
            <strong>{t('planner.areaTotal', { ha: num(result.areaHa, 2) })}</strong>
            {result.source.label ? ` · ${result.source.label}` : ''}
          </p>
          <h3>{t('planner.communesTouched')}</h3>
          <table className="planner-table">
            <tbody>
              {result.communes.map((c) => (
                <tr key={c.code}>
                  <td>{c.name}</td>
                  <td className="num">{num(c.areaHa, 1)} ha</td>
                  <td className="num">{num(100 * c.shareOfArea, 1)} %</td>
                  <td>{c.ntm ? `${c.ntm.criteriaMet}/${c.ntm.of} · ${t(`planner.ntm.${c.ntm.level}` as MessageKey)}` : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>{t('planner.plotsByLand', { n: result.plots.count, ha: num(result.plots.areaHa, 1) })}</h3>
          <Bars rows={result.plots.byLandType} label={(k) => k} />
          <h3>{t('planner.functions')}</h3>
          <Bars rows={result.plots.byFunction} label={(k) => t(`planner.fn.${k}` as MessageKey)} />
          <h3>{t('planner.plotsByClass')}</h3>
          <Bars rows={result.plots.byClass} label={(k) => t(`planner.cls.${k}` as MessageKey)} />
          <h3>{t('planner.planting')}</h3>
          <Bars
            rows={(['planted', 'accepted', 'replant', 'rejected', 'notInspected', 'withdrawn'] as const).map((k) => ({ key: k, areaHa: result.planting[`${k}Ha`], count: 0 }))}
            label={(k) => t(`planner.pl.${k}` as MessageKey)}
          />
          <h3>{t('planner.villagesInside', { n: result.villages.length })}</h3>
          <ul className="planner-villages">
            {result.villages.map((v) => (
              <li key={v.code}>
                {v.name} <span className="muted">({v.communeName}){v.criteriaMet != null ? ` · ${v.criteriaMet}/${v.of}` : ''}</span>
              </li>
            ))}
          </ul>
          <div className="planner-actions">
            <button type="button" onClick={() => download('phan-tich-vung.csv', 'text/csv', csv(result))}>
              CSV
            </button>
            <button type="button" onClick={() => download('phan-tich-vung.json', 'application/json', JSON.stringify(result, null, 1))}>
              JSON
            </button>
            <button type="button" onClick={clear}>
              {t('planner.clear')}
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
