/**
 * Buffers: choose villages of a commune (the village layer is drawn by deck.gl), a radius in km,
 * and see the lô within that distance (GET /api/sites/buffer) — to check access for planting and
 * protection work. The circles and the lô are drawn on the map.
 */
import { errorText } from '../api/http.ts';
import { useEffect, useState } from 'react';
import type { BufferResponse } from '../../../server/domain/planner.ts';
import type { DraftSite } from './draft.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { plannerStore } from './overlay.ts';
import { plannerApi, type PlannerUnit } from './plannerApi.ts';
import { NamedOptions } from '../panels/UnitOptions.tsx';

export function BufferPanel({ units, onFit, onAddToPlan }: { units: PlannerUnit[]; onFit(bbox: [number, number, number, number]): void; onAddToPlan?(sites: Omit<DraftSite, 'lotAreaHa'>[]): void }) {
  const { t, num, pick } = useI18n();
  const [commune, setCommune] = useState('');
  const [villages, setVillages] = useState<{ code: string; name: string }[]>([]);
  const [chosen, setChosen] = useState<string[]>([]);
  const [km, setKm] = useState('2');
  const [result, setResult] = useState<BufferResponse | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setVillages([]);
    setChosen([]);
    if (!commune) return;
    const ctl = new AbortController();
    plannerApi
      .villages(commune, ctl.signal)
      .then((fc) => setVillages(fc.features.map((f) => ({ code: f.properties.code, name: f.properties.name }))))
      .catch(() => {});
    return () => ctl.abort();
  }, [commune]);

  const show = async () => {
    setError(null);
    try {
      const r = await plannerApi.buffer(chosen, Number(km));
      setResult(r);
      plannerStore.set({ buffers: r.buffers.map((b) => ({ id: b.code, geometry: b.geometry })), bufferPlots: r.rows.map((x) => ({ id: x.plotId, geometry: x.geometry })) });
      const lons = r.villages.map((v) => v.lon);
      const lats = r.villages.map((v) => v.lat);
      const d = Number(km) / 100;
      onFit([Math.min(...lons) - d, Math.min(...lats) - d, Math.max(...lons) + d, Math.max(...lats) + d]);
    } catch (e) {
      setError(errorText(e, pick, t('app.actionFailed')));
    }
  };
  const clear = () => {
    setResult(null);
    plannerStore.set({ buffers: [], bufferPlots: [] });
  };

  return (
    <div className="planner-buffer" data-testid="buffer-panel">
      <div className="filter-grid">
        <label className="field">
          <span>{t('planner.commune')}</span>
          <select value={commune} onChange={(e) => setCommune(e.target.value)} data-testid="buffer-commune">
            <option value="">–</option>
            <NamedOptions items={units.filter((u) => u.level === 'commune')} units={units} />
          </select>
        </label>
        <label className="field">
          <span>{t('planner.radiusKm')}</span>
          <input type="number" min={0.1} max={20} step={0.5} value={km} onChange={(e) => setKm(e.target.value)} />
        </label>
      </div>
      {villages.length ? (
        <fieldset className="planner-checks">
          <legend>{t('planner.villages')}</legend>
          {villages.map((v) => (
            <label key={v.code}>
              <input type="checkbox" checked={chosen.includes(v.code)} onChange={(e) => setChosen((c) => (e.target.checked ? [...c, v.code] : c.filter((x) => x !== v.code)))} /> {v.name}
            </label>
          ))}
        </fieldset>
      ) : null}
      <div className="planner-actions">
        <button type="button" className="primary" disabled={!chosen.length || !(Number(km) > 0)} onClick={show} data-testid="buffer-show">
          {t('planner.showBuffer')}
        </button>
        {result ? (
          <button type="button" onClick={clear}>
            {t('planner.clear')}
          </button>
        ) : null}
      </div>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {result ? (
        <div data-testid="buffer-result">
          <p>
            <strong>{t('planner.bufferTotal', { n: num(result.count), ha: num(result.totalAreaHa, 2), km: num(result.km, 1) })}</strong>
          </p>
          <ul className="planner-villages">
            {result.villages.map((v) => (
              <li key={v.code}>
                {v.name}: {t('planner.total', { n: v.plotCount, ha: num(v.areaHa, 1) })}
              </li>
            ))}
          </ul>
          {onAddToPlan && result.rows.length ? (
            <button
              type="button"
              className="small-button"
              data-testid="buffer-to-plan"
              onClick={() =>
                onAddToPlan(result.rows.map((r) => ({ plotId: r.plotId, label: r.label, communeCode: commune, communeName: r.communeName, areaHa: r.areaHa, geometry: r.geometry })))
              }
            >
              {t('field.bufferToPlan', { n: num(result.rows.length) })}
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
