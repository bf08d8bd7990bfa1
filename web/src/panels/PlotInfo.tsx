import { Fragment, lazy, Suspense, useEffect, useState } from 'react';
import { SURVIVAL_COLORS, DEFAULT_THRESHOLDS, type SurvivalThresholds } from '../../../server/domain/classes.ts';
import type { PlotDetail } from '../../../server/domain/api.ts';
import type { InspectionResponse } from '../../../server/domain/forest.ts';
import { hasRole } from '../auth/session.ts';
import { useSession } from '../auth/useSession.ts';
import { api } from '../api/client.ts';
import { bumpLayers, INSPECTION_LAYERS, useLayerRevision } from '../state/layerRevisions.ts';
import { SurvivalChart } from '../forest/SurvivalChart.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { Term } from '../i18n/Term.tsx';
import { formatDate } from '../i18n/translate.ts';
import { plotSummary } from '../lib/plotSummary.ts';
import { useMeta } from '../state/useAtlasData.ts';
import { useAsync } from '../state/useAsync.ts';
import { Row } from './InfoParts.tsx';
import { usePlanAdder } from '../planner/overlay.ts';

// the distance and bearing from the phone's position (turf): in the chunk of "where am I"
const PlotWay = lazy(() => import('../forest/WhereAmI.tsx').then((m) => ({ default: m.PlotWay })));
const InspectionForm = lazy(() => import('../forest/InspectionForm.tsx').then((m) => ({ default: m.InspectionForm })));

type Planting = PlotDetail['plantings'][number];

/**
 * A lô: TK / K / L and its inventory attributes, every planting with its inspection history and
 * survival chart, and — for an inspector whose scope covers the lô — the button that records a
 * new inspection. After recording, the record is reloaded and the map told to redraw the lô.
 */
export function PlotInfo({ d: initial }: { d: PlotDetail }) {
  const { t, num } = useI18n();
  const revision = useLayerRevision('plots');
  // after an inspection is recorded (here or elsewhere on the page) the lô is read again
  const fresh = useAsync(revision === 0 ? null : `plot:${initial.id}:${revision}`, (signal) => api.plot(String(initial.id), signal), { keepPrevious: true }).data;
  const d = fresh && fresh.id === initial.id ? fresh : initial;
  const [inspecting, setInspecting] = useState<Planting | null>(null);
  const [saved, setSaved] = useState<InspectionResponse | null>(null);
  const session = useSession();
  const meta = useMeta();
  const thresholds: SurvivalThresholds = meta.data?.thresholds ?? DEFAULT_THRESHOLDS;

  useEffect(() => {
    setSaved(null);
  }, [initial]);

  const me = session.me;
  const scopeCodes = me?.scopes.map((s) => s.code) ?? [];
  // a scope on the lô's new unit ('2025:<code>') covers its old commune, as the server checks
  const unitScopes = [d.commune.code, d.district.code, '62', ...(d.commune2025 ? [`2025:${d.commune2025.code}`] : [])];
  const canInspect = hasRole(me, 'inspector') && unitScopes.some((c) => scopeCodes.includes(c));
  const { planting, inspection } = plotSummary(d);
  const plantings = [...d.plantings].sort((a, b) => b.year - a.year);
  // the planner is open: this lô can join the plan being edited
  const addToPlan = usePlanAdder();
  const [added, setAdded] = useState(false);
  useEffect(() => setAdded(false), [d.id]);

  return (
    <article className="info-card plot-info" data-testid="info-plot">
      <p className="info-kind">
        <Term id="lo" />
      </p>
      <h2 data-testid="info-title">{d.label}</h2>
      {planting ? (
        <div className="score" data-testid="info-class">
          <span className="score-swatch" style={{ background: SURVIVAL_COLORS[planting.cls] }} aria-hidden="true" />
          <span className="score-value score-value--text">{t(`result.${planting.cls}`)}</span>
          <span className="score-label">
            {inspection ? `${num(inspection.survivalPct, 2)} % · ` : ''}
            {t('info.year', { year: planting.year })}
          </span>
        </div>
      ) : null}
      {saved ? (
        <p className="form-message form-message--ok" role="status" data-testid="inspection-saved">
          {saved.replayed ? t('forest.savedReplay') : t('forest.saved', { pct: num(saved.inspection.survivalPct, 2), result: t(`result.${saved.inspection.result}`) })}
        </p>
      ) : null}
      <Suspense fallback={null}>
        <PlotWay center={d.centroid} plotId={d.id} />
      </Suspense>
      {addToPlan ? (
        <button
          type="button"
          className="small-button"
          disabled={added}
          data-testid="plot-add-to-plan"
          onClick={() => {
            addToPlan({ plotId: d.id, label: d.label, communeCode: d.commune.code, communeName: d.commune.name, areaHa: Number(d.dtich) });
            setAdded(true);
          }}
        >
          {added ? t('field.addedToPlan') : t('field.addToOpenPlan')}
        </button>
      ) : null}
      {canInspect && planting && !planting.withdrawnOn ? (
        <button type="button" className="big-button inspect-button" onClick={() => setInspecting(planting)} data-testid="record-inspection">
          {t('forest.record')}
        </button>
      ) : null}
      <dl>
        <Row label={t('info.commune')}>{`${d.commune.name} · ${d.district.name}`}</Row>
        {d.commune2025 ? (
          <Row label={t('info.unit2025')} testId="info-unit2025">
            {t('info.unit2025Value', { name: d.commune2025.fullName })}
          </Row>
        ) : null}
        <Row label={t('info.area')} testId="info-area">
          {num(d.dtich, 2)} ha
        </Row>
        <Row label={t('info.function')}>{t(`function.${d.forestFunction}`)}</Row>
        {d.ldlr ? <Row label={t('info.landUse')}>{d.ldlr}</Row> : null}
        {d.churung ? <Row label={t('info.owner')}>{d.churung}</Row> : null}
        {d.namtr ? <Row label={t('forest.namtr')}>{d.namtr}</Row> : null}
        {d.loaicay ? <Row label={t('info.species')}>{d.loaicay}</Row> : null}
        {d.plans?.length ? (
          <Row label={t('field.inPlans')} testId="info-plans">
            {d.plans.map((p) => `${p.name} (${p.year})`).join('; ')}
          </Row>
        ) : null}
        <Row label={t('forest.coords')}>{`${d.centroid[1].toFixed(5)}, ${d.centroid[0].toFixed(5)}`}</Row>
      </dl>
      <h3>{t('info.plantings')}</h3>
      {plantings.length === 0 ? <p className="note">{t('info.noPlanting')}</p> : null}
      {plantings.map((g) => (
        <section key={g.id} className="planting" data-testid="planting">
          <h4>
            <span className="score-swatch score-swatch--small" style={{ background: SURVIVAL_COLORS[g.cls] }} aria-hidden="true" />
            {t('info.year', { year: g.year })} · {t(`result.${g.cls}`)}
          </h4>
          <dl>
            <Row label={t('info.species')}>{g.species}</Row>
            <Row label={t('info.area')}>{num(g.areaHa, 2)} ha</Row>
            <Row label={t('forest.density')}>{`${num(g.densityPerHa)} ${t('forest.treesPerHa')}`}</Row>
            <Row label={t('info.funding')}>{t(`funding.${g.funding}`)}</Row>
            {g.household ? <Row label={t('info.household')}>{g.household}</Row> : null}
            {g.withdrawnOn ? (
              <Row label={t('result.withdrawn')}>
                {t('info.withdrawnOn', { date: formatDate(g.withdrawnOn) })}
                {g.withdrawnReason ? ` — ${g.withdrawnReason}` : ''}
              </Row>
            ) : null}
          </dl>
          {g.inspections.length ? (
            <>
              <SurvivalChart inspections={g.inspections} thresholds={thresholds} />
              <table className="history" data-testid="inspection-history">
                <caption className="visually-hidden">{t('forest.history')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('info.inspectedOn')}</th>
                    <th scope="col">{t('info.stage')}</th>
                    <th scope="col">{t('info.survival')}</th>
                    <th scope="col">{t('info.result')}</th>
                  </tr>
                </thead>
                <tbody>
                  {[...g.inspections].reverse().map((i) => (
                    <Fragment key={i.id}>
                      <tr>
                        <td>
                          {formatDate(i.inspectedOn)}
                          {i.unit2025 ? (
                            <span className="inspection-unit2025" data-testid="inspection-unit2025">
                              {' '}
                              · {t('info.inspectionUnit2025', { name: i.unit2025.fullName })}
                            </span>
                          ) : null}
                        </td>
                        <td>{i.stage}</td>
                        <td>{num(i.survivalPct, 2)} %</td>
                        <td>
                          <span className="score-swatch score-swatch--small" style={{ background: SURVIVAL_COLORS[i.result] }} aria-hidden="true" />
                          {t(`result.${i.result}`)}
                        </td>
                      </tr>
                      <tr className="history-detail" data-testid="inspection-detail">
                        <td colSpan={4}>
                          <span>{t('forest.plotsCount', { n: i.samplePlots.length })}: </span>
                          <span>
                            {t('field.plotCounts', {
                              s: num(i.samplePlots.reduce((a, p) => a + p.surviving, 0)),
                              p: num(i.samplePlots.reduce((a, p) => a + p.planted, 0)),
                              m2: num(i.samplePlots.reduce((a, p) => a + p.areaM2, 0)),
                            })}
                          </span>
                          {i.team || i.recordedBy ? (
                            <span className="history-who">
                              {' · '}
                              {t('field.inspectedBy')}: {[i.team, i.recordedBy ? t('field.recordedBy', { name: i.recordedBy }) : null].filter(Boolean).join(' — ')}
                            </span>
                          ) : null}
                          {i.note ? <span className="history-note"> · {t('forest.note')}: {i.note}</span> : null}
                        </td>
                      </tr>
                      {i.photos.length ? (
                        <tr className="history-photos">
                          <td colSpan={4}>
                            {i.photos.map((f) => (
                              <a key={f.no} href={f.url} target="_blank" rel="noreferrer" data-testid="inspection-photo">
                                <img src={f.url} alt={f.caption ?? t('forest.photoAlt', { no: f.no, date: formatDate(i.inspectedOn) })} loading="lazy" />
                              </a>
                            ))}
                          </td>
                        </tr>
                      ) : null}
                    </Fragment>
                  ))}
                </tbody>
              </table>
            </>
          ) : g.withdrawnOn ? null : (
            <p className="muted">{t('info.noInspection')}</p>
          )}
        </section>
      ))}
      {inspecting ? (
        <Suspense fallback={null}>
          <InspectionForm
            plot={d}
            planting={inspecting}
            thresholds={thresholds}
            onClose={() => setInspecting(null)}
            onDone={(r) => {
              setInspecting(null);
              setSaved(r);
              bumpLayers(INSPECTION_LAYERS);
            }}
          />
        </Suspense>
      ) : null}
    </article>
  );
}
