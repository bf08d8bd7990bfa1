/**
 * NTM funding 2016–2020 by source (report 004, section 1.7): a bar per line of the report and the
 * same figures as a table, both exactly the API's answer (GET /api/reports/ntm-funding). The state
 * budget line is the sum of its three parts: its parts are drawn, indented in the table.
 */
import { useMemo } from 'react';
import type { NtmFundingResponse } from '../../../server/domain/reports.ts';
import type { Selection } from '../lib/selection.ts';
import { CHART_FONT as FONT, Chart, Plot, type DataMark, type Datum } from './Chart.tsx';
import { useDashI18n as useI18n } from './messages.ts';

const STATE = '#2c7fb8';
const OTHER = '#7fcdbb';

export function Funding({ data, onSelect }: { data: NtmFundingResponse; onSelect(sel: Selection): void }) {
  const { t, num } = useI18n();
  const lineName = (k: string) => t(`fund.${k}` as Parameters<typeof t>[0]);
  const { marks, make } = useMemo(() => {
    // the leaves: the state budget's three parts and the four other sources
    const leaves = data.lines.filter((l) => l.key !== 'state_budget_direct');
    const d: (Datum & { name: string; state: boolean })[] = leaves.map((l) => ({
      key: l.key, value: l.amount, name: lineName(l.key), state: l.parent === 'state_budget_direct',
      text: t('fund.bar', { name: lineName(l.key), n: num(l.amount, 3), pct: num(l.sharePct, 1) }),
    }));
    const make = (width: number) =>
      Plot.plot({
        width, height: 30 + d.length * 26, marginLeft: 170, marginRight: 70, style: FONT,
        y: { label: null, domain: d.map((x) => x.name), tickFormat: (s: string) => (s.length > 30 ? `${s.slice(0, 29)}…` : s) },
        x: { grid: true, label: t('fund.unit') },
        marks: [
          Plot.barX(d, { y: 'name', x: 'value', fill: (x: { state: boolean }) => (x.state ? STATE : OTHER), ariaLabel: 'text', title: 'text', className: 'dash-m-funding' }),
          Plot.text(d, { y: 'name', x: 'value', text: (x: Datum) => num(x.value, 3), dx: 4, textAnchor: 'start', ariaHidden: 'true' }),
          Plot.ruleX([0]),
        ],
      });
    return { marks: [{ className: 'dash-m-funding', data: d }] as DataMark[], make };
  }, [data, t, num]);
  return (
    <>
      <Chart
        id="ntm-funding" title={t('fund.title', { from: data.periodFrom, to: data.periodTo })}
        note={t('fund.note', { n: num(data.total, 3) })} make={make} marks={marks} onSelect={onSelect}
        legend={[{ label: t('fund.state_budget_direct'), color: STATE }, { label: t('fund.otherSources'), color: OTHER }]}
      />
      <table className="dash-table" data-testid="ntm-funding-table">
        <caption>{t('fund.tableCaption', { from: data.periodFrom, to: data.periodTo })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('fund.source')}</th>
            <th scope="col">{t('fund.amount')}</th>
            <th scope="col">{t('fund.share')}</th>
          </tr>
        </thead>
        <tbody>
          <tr className="dash-table-total">
            <th scope="row">{t('fund.total')}</th>
            <td data-value={data.total}>{num(data.total, 3)}</td>
            <td>{num(100, 0)}</td>
          </tr>
          {data.lines.map((l) => (
            <tr key={l.key} className={l.parent ? 'dash-table-sub' : undefined}>
              <th scope="row">{l.parent ? `− ${lineName(l.key)}` : lineName(l.key)}</th>
              <td data-key={l.key} data-value={l.amount}>{num(l.amount, 3)}</td>
              <td>{num(l.sharePct, 1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
