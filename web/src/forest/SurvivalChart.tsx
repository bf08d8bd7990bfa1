import type { InspectionOut } from '../../../server/domain/api.ts';
import { SURVIVAL_COLORS, type SurvivalThresholds } from '../../../server/domain/classes.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { formatDate } from '../i18n/translate.ts';

/**
 * Survival of a planting over its inspections: one bar per inspection (coloured by its result),
 * with the acceptance and rejection thresholds as lines. Plain SVG, no chart library.
 */
export function SurvivalChart({ inspections, thresholds }: { inspections: InspectionOut[]; thresholds: SurvivalThresholds }) {
  const { t, num } = useI18n();
  if (inspections.length === 0) return null;
  const W = 300;
  const H = 120;
  const pad = { l: 30, r: 6, t: 8, b: 22 };
  const iw = W - pad.l - pad.r;
  const ih = H - pad.t - pad.b;
  const y = (pct: number) => pad.t + ih * (1 - pct / 100);
  const slot = iw / Math.max(inspections.length, 3);
  const bw = Math.min(40, slot * 0.6);
  const summary = inspections.map((i) => `${formatDate(i.inspectedOn)}: ${num(i.survivalPct, 2)} %`).join('; ');
  return (
    <figure className="survival-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${t('forest.chartTitle')}: ${summary}`} data-testid="survival-chart">
        {[0, 50, 100].map((v) => (
          <g key={v}>
            <line x1={pad.l} x2={W - pad.r} y1={y(v)} y2={y(v)} stroke="#e5e7eb" />
            <text x={pad.l - 4} y={y(v) + 4} textAnchor="end" fontSize="10" fill="#6b7280">
              {v}
            </text>
          </g>
        ))}
        <line x1={pad.l} x2={W - pad.r} y1={y(thresholds.acceptedAbovePct)} y2={y(thresholds.acceptedAbovePct)} stroke={SURVIVAL_COLORS.accepted} strokeDasharray="4 3" />
        <line x1={pad.l} x2={W - pad.r} y1={y(thresholds.rejectedBelowPct)} y2={y(thresholds.rejectedBelowPct)} stroke={SURVIVAL_COLORS.rejected} strokeDasharray="4 3" />
        {inspections.map((i, k) => {
          const cx = pad.l + slot * (k + 0.5);
          return (
            <g key={i.id}>
              <rect x={cx - bw / 2} y={y(i.survivalPct)} width={bw} height={y(0) - y(i.survivalPct)} fill={SURVIVAL_COLORS[i.result]} rx="2" />
              <text x={cx} y={y(i.survivalPct) - 2} textAnchor="middle" fontSize="10" fill="#1f2937">
                {num(i.survivalPct, 1)}
              </text>
              <text x={cx} y={H - 8} textAnchor="middle" fontSize="9.5" fill="#4b5563">
                {/* mm/yyyy: the reports' dd/mm/yyyy without the day (the full date is in the label) */}
                {formatDate(i.inspectedOn).slice(3)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="muted">
        {t('forest.chartCaption', { a: thresholds.acceptedAbovePct, r: thresholds.rejectedBelowPct })}
      </figcaption>
    </figure>
  );
}
