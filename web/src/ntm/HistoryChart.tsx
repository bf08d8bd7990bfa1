import type { NtmLevel } from '../../../server/domain/classes.ts';
import { COMMUNE_BANDS, communeBand, NTM_LEVEL_COLORS } from '../../../server/domain/classes.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

export interface HistoryPoint {
  year: number;
  criteriaMet: number;
  level?: NtmLevel;
  recognised?: boolean;
}

/**
 * A small bar chart of criteria met over the years (SVG, prints as drawn): one bar per year with
 * data, coloured by the map's band, a ring above the bars of years the commune was recognised.
 */
export function HistoryChart({ points, max, highlightYear, testId }: { points: HistoryPoint[]; max: number; highlightYear: number; testId?: string }) {
  const { t } = useI18n();
  if (points.length === 0) return null;
  const w = 260;
  const h = 96;
  const pad = { l: 22, r: 4, t: 10, b: 18 };
  const bw = Math.min(26, (w - pad.l - pad.r) / points.length - 4);
  const x = (i: number) => pad.l + i * ((w - pad.l - pad.r) / points.length) + 2;
  const y = (v: number) => pad.t + (h - pad.t - pad.b) * (1 - v / max);
  const values = points.map((p) => `${p.year}: ${p.criteriaMet}`).join(', ');
  return (
    <figure className="ntm-chart" data-testid={testId}>
      <figcaption>{t('ntm.info.chart')}</figcaption>
      <svg viewBox={`0 0 ${w} ${h}`} width="100%" role="img" aria-label={t('ntm.info.chartLabel', { values })}>
        {[0, Math.round(max / 2), max].map((v) => (
          <g key={v}>
            <line x1={pad.l} x2={w - pad.r} y1={y(v)} y2={y(v)} stroke="#ddd" strokeWidth={0.6} />
            <text x={pad.l - 3} y={y(v) + 3} fontSize={8} textAnchor="end" fill="#666">
              {v}
            </text>
          </g>
        ))}
        {points.map((p, i) => {
          const color = max === 19 ? COMMUNE_BANDS.find((b) => b.id === communeBand(p.criteriaMet))!.color : '#31a354';
          return (
            <g key={p.year}>
              <rect x={x(i)} y={y(p.criteriaMet)} width={bw} height={y(0) - y(p.criteriaMet)} fill={color} stroke={p.year === highlightYear ? '#0b5fff' : 'none'} strokeWidth={1.5} />
              <text x={x(i) + bw / 2} y={y(p.criteriaMet) - 2} fontSize={8} textAnchor="middle" fill="#333">
                {p.criteriaMet}
              </text>
              {p.recognised ? <circle cx={x(i) + bw / 2} cy={y(p.criteriaMet) + 6} r={2.6} fill={NTM_LEVEL_COLORS[p.level && p.level !== 'none' ? p.level : 'ntm']} stroke="#fff" strokeWidth={0.8} /> : null}
              <text x={x(i) + bw / 2} y={h - 5} fontSize={8} textAnchor="middle" fill={p.year === highlightYear ? '#0b5fff' : '#555'} fontWeight={p.year === highlightYear ? 700 : 400}>
                {`'${String(p.year).slice(2)}`}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
