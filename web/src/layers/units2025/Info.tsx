import type { FeatureDetail } from '../../../../server/domain/layers.ts';
import type { Unit2025Detail } from '../../../../server/domain/units-2025.ts';
import { errorText, getJson } from '../../api/http.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { Row } from '../../panels/InfoParts.tsx';
import { useAsync } from '../../state/useAsync.ts';
import { useLayerRevision } from '../../state/layerRevisions.ts';

const loadUnit = (code: string, signal: AbortSignal) => getJson<Unit2025Detail>(`/api/units2025/${encodeURIComponent(code)}`, signal);

/**
 * A commune or ward of 1 July 2025: which old units it was formed from, and their history —
 * each old xã's own NTM record by year, then the unit's counts (never an average), villages,
 * forest and planting, all from the old units' records.
 */
export default function Unit2025Info({ d }: { d: FeatureDetail }) {
  const { t, num, pick } = useI18n();
  const revision = useLayerRevision('communes');
  const code = String(d.properties.code);
  const state = useAsync<Unit2025Detail>(`units2025:${code}:${revision}`, (signal) => loadUnit(code, signal));
  if (state.status === 'error') return <p role="alert">{errorText(state.error, pick, t('info.error'))}</p>;
  if (state.status !== 'ready') return <p className="muted">{t('info.loading')}</p>;
  const u = state.data;
  const xa = u.oldUnits.filter((o) => o.inNtmProgramme);
  const years = u.ntm.filter((y) => y.withData > 0);
  return (
    <article className="info-card" data-testid="info-units2025">
      <p className="info-kind">{t(u.kind === 'phuong' ? 'units2025.kind.phuong' : 'units2025.kind.xa')}</p>
      <h2 data-testid="info-title">{u.fullName}</h2>
      <p className="muted">{t('units2025.formedFrom', { n: u.oldUnits.length, province: u.provinceName })}</p>
      <ul className="old-units" data-testid="units2025-old">
        {u.oldUnits.map((o) => (
          <li key={o.code}>
            {o.fullName} <span className="muted">({o.districtName ?? ''})</span>
          </li>
        ))}
      </ul>
      <dl>
        {u.areaHa != null ? <Row label={t('info.area')}>{`${num(u.areaHa)} ha`}</Row> : null}
        <Row label={t('units2025.villages')}>{t('units2025.villagesValue', { total: num(u.villages.total), em: num(u.villages.ethnicMinority), pilot: num(u.villages.pilot) })}</Row>
        <Row label={t('units2025.forest')}>{t('units2025.forestValue', { plots: num(u.forest.plots), ha: num(u.forest.areaHa, 1) })}</Row>
      </dl>

      {xa.length ? (
        <details className="history" open data-testid="units2025-old-history">
          <summary>{t('units2025.oldHistory')}</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('units2025.year')}</th>
                {xa.map((o) => (
                  <th scope="col" key={o.code}>
                    {o.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {years.map((y) => (
                <tr key={y.year}>
                  <th scope="row">{y.year}</th>
                  {xa.map((o) => {
                    const h = o.history.find((x) => x.year === y.year);
                    return (
                      <td key={o.code} title={h ? t(`level.${h.recognised ? h.level : 'none'}`) : undefined}>
                        {h ? `${num(h.criteriaMet)}/19${h.recognised && h.level !== 'none' ? ' ★' : ''}` : '–'}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">{t('units2025.starNote')}</p>
        </details>
      ) : (
        <p className="muted" data-testid="units2025-no-xa">{t('units2025.noXa')}</p>
      )}

      {xa.length ? (
        <YearTable
          testId="units2025-counts"
          title={t('units2025.counts')}
          head={[t('units2025.meetsAll'), t('level.ntm'), t('level.advanced'), t('level.model')]}
          rows={years.map((y) => [y.year, [t('units2025.ofXa', { n: num(y.meetsAll), of: num(y.oldXa) }), num(y.levelNtm), num(y.levelAdvanced), num(y.levelModel)]])}
          yearLabel={t('units2025.year')}
        />
      ) : null}

      {u.planting.length ? (
        <YearTable
          testId="units2025-planting"
          title={t('units2025.planting')}
          head={[t('units2025.planted'), t('result.accepted'), t('result.replant'), t('result.rejected')]}
          rows={u.planting.map((p) => [p.year, [num(p.plantedHa, 2), num(p.acceptedHa, 2), num(p.replantHa, 2), num(p.rejectedHa, 2)]])}
          yearLabel={t('units2025.year')}
        />
      ) : null}
    </article>
  );
}

/** A folded table of figures by year: a row per year, the given columns. */
function YearTable(props: { testId: string; title: string; yearLabel: string; head: string[]; rows: [number, string[]][] }) {
  return (
    <details className="history" data-testid={props.testId}>
      <summary>{props.title}</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">{props.yearLabel}</th>
            {props.head.map((h) => (
              <th scope="col" key={h}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map(([year, cells]) => (
            <tr key={year}>
              <th scope="row">{year}</th>
              {cells.map((c, i) => (
                <td key={i}>{c}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
