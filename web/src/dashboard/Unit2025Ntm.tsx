/**
 * The dashboard's NTM part for one commune or ward of 1 July 2025 (era 'after'): a new unit was
 * never assessed, so everything is its old units' own records — how many of its old xã were
 * recognised at each level year by year, how many met each criterion in the year in view, and
 * every old unit's record (GET /api/units2025/:code). Counts out of its old xã, never an average.
 */
import { useMemo } from 'react';
import { NTM_LEVEL_COLORS } from '../../../server/domain/classes.ts';
import type { NtmTablesResponse } from '../../../server/domain/ntm.ts';
import type { Unit2025Detail } from '../../../server/domain/units-2025.ts';
import type { Selection } from '../lib/selection.ts';
import { CHART_FONT as FONT, Chart, Plot, type DataMark, type Datum } from './Chart.tsx';
import { levelsOverYearsPlot, RECOGNISED_LEVELS as LEVELS, type LevelYearDatum, type RecognisedLevel } from './levelsPlot.ts';
import { useDashI18n as useI18n } from './messages.ts';

const LEVEL_COUNT = { ntm: 'levelNtm', advanced: 'levelAdvanced', model: 'levelModel' } as const;

export function Unit2025Ntm({ unit, name, year, criteria, onSelect }: { unit: Unit2025Detail; name: string; year: number; criteria: NtmTablesResponse['criteria']; onSelect(sel: Selection): void }) {
  const { t } = useI18n();
  const oldXa = unit.ntm[0]?.oldXa ?? 0;
  return (
    <>
      {oldXa > 0 ? (
        <>
          <LevelsOverYears unit={unit} name={name} onSelect={onSelect} />
          <CriteriaInYear unit={unit} year={year} criteria={criteria} onSelect={onSelect} />
        </>
      ) : (
        <p className="muted" data-testid="unit2025-no-xa">{t('dash.u25NoXa', { name })}</p>
      )}
      <OldUnitsHistory unit={unit} name={name} />
    </>
  );
}

/** Old xã recognised at NTM / nâng cao / kiểu mẫu per year (cumulative), out of the old xã in the programme. */
function LevelsOverYears({ unit, name, onSelect }: { unit: Unit2025Detail; name: string; onSelect(sel: Selection): void }) {
  const { t, num } = useI18n();
  const oldXa = unit.ntm[0]?.oldXa ?? 0;
  const { marks, make, legend } = useMemo(() => {
    const levelName = (l: RecognisedLevel) => t(`level.${l}`);
    const bars: LevelYearDatum[] = unit.ntm.flatMap((y) =>
      LEVELS.map((l) => ({
        key: `${y.year}|${l}`, value: y[LEVEL_COUNT[l]], year: String(y.year), level: levelName(l),
        text: t('dash.u25LevelBar', { year: y.year, level: levelName(l), n: num(y[LEVEL_COUNT[l]]), of: num(y.oldXa) }),
      })),
    );
    const make = (width: number) =>
      levelsOverYearsPlot({
        width, height: 200, levelNames: LEVELS.map(levelName), y: { label: t('dash.xaCu'), domain: [0, Math.max(1, oldXa)], tickFormat: 'd' },
        bars: { className: 'dash-m-u25-levels', data: bars },
      });
    const legend = LEVELS.map((l) => ({ label: levelName(l), color: NTM_LEVEL_COLORS[l] }));
    return { marks: [{ className: 'dash-m-u25-levels', data: bars }] as DataMark[], make, legend };
  }, [unit, oldXa, t, num]);
  return (
    <Chart id="unit2025-levels" title={t('dash.u25LevelsTitle', { name })} note={t('dash.u25LevelsNote', { of: num(oldXa) })} make={make} marks={marks} onSelect={onSelect} legend={legend} />
  );
}

/** Old xã meeting each criterion in the year in view, out of the old xã in the programme. */
function CriteriaInYear({ unit, year, criteria, onSelect }: { unit: Unit2025Detail; year: number; criteria: NtmTablesResponse['criteria']; onSelect(sel: Selection): void }) {
  const { t, num, pick } = useI18n();
  const y = unit.ntm.find((x) => x.year === year);
  const { marks, make } = useMemo(() => {
    const data: (Datum & { name: string; of: number })[] = y
      ? criteria.map((c) => ({
          key: String(c.no), value: y.perCriterion[String(c.no)] ?? 0, of: y.oldXa, name: `${c.no}. ${pick(c.name)}`,
          text: t('dash.u25CriterionBar', { no: c.no, name: pick(c.name), n: num(y.perCriterion[String(c.no)] ?? 0), of: num(y.oldXa) }),
        }))
      : [];
    const of = Math.max(1, ...data.map((d) => d.of));
    const make = (width: number) =>
      Plot.plot({
        width, height: 30 + data.length * 20, marginLeft: 150, marginRight: 44, style: FONT,
        y: { label: null, domain: data.map((d) => d.name), tickFormat: (s: string) => (s.length > 24 ? `${s.slice(0, 23)}…` : s) },
        x: { grid: true, domain: [0, of], label: t('dash.xaCu'), tickFormat: 'd' },
        marks: [
          Plot.barX(data, { y: 'name', x: 'of', fill: '#ece9df' }),
          Plot.barX(data, { y: 'name', x: 'value', fill: '#31a354', ariaLabel: 'text', title: 'text', className: 'dash-m-u25-criteria' }),
          Plot.text(data, { y: 'name', x: 'of', text: (d: { value: number; of: number }) => `${num(d.value)}/${num(d.of)}`, dx: 4, textAnchor: 'start', ariaHidden: 'true' }),
        ],
      });
    return { marks: [{ className: 'dash-m-u25-criteria', data }] as DataMark[], make };
  }, [y, criteria, pick, t, num]);
  return (
    <Chart
      id="unit2025-criteria" title={t('dash.u25CriteriaTitle', { year })}
      note={y ? t('dash.u25CriteriaNote', { all: num(y.meetsAll), of: num(y.oldXa), total: num(criteria.length), data: num(y.withData), year }) : undefined}
      make={make} marks={marks} onSelect={onSelect} empty={y ? null : t('dash.u25NoYear', { year })}
    />
  );
}

/** Every old unit with its district and its record year by year: criteria met and the level reached. */
function OldUnitsHistory({ unit, name }: { unit: Unit2025Detail; name: string }) {
  const { t, num } = useI18n();
  const years = unit.ntm.map((y) => y.year);
  return (
    <figure className="dash-chart" data-chart="unit2025-old-units">
      <h3>{t('dash.u25OldTitle', { name })}</h3>
      <div className="dash-table-scroll">
        <table className="dash-table" data-testid="unit2025-old-units">
          <thead>
            <tr>
              <th scope="col">{t('dash.u25OldUnit')}</th>
              {years.map((y) => (
                <th key={y} scope="col">{y}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {unit.oldUnits.map((o) => {
              const byYear = new Map(o.history.map((h) => [h.year, h]));
              return (
                <tr key={o.code} data-code={o.code}>
                  <th scope="row">
                    {o.fullName}
                    {o.districtName ? <span className="muted"> ({o.districtName})</span> : null}
                  </th>
                  {o.inNtmProgramme ? (
                    years.map((y) => {
                      const h = byYear.get(y);
                      return (
                        <td key={y} data-year={y} data-level={h?.level ?? 'none'} data-criteria={h?.criteriaMet ?? ''}>
                          {h ? (
                            <>
                              {t('dash.u25Cell', { n: num(h.criteriaMet) })}
                              {h.level !== 'none' ? <span className={`dash-level dash-level--${h.level}`}> · {t(`level.${h.level}`)}</span> : null}
                            </>
                          ) : (
                            '–'
                          )}
                        </td>
                      );
                    })
                  ) : (
                    <td colSpan={Math.max(1, years.length)} className="muted">{t('dash.u25NotInProgramme')}</td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
