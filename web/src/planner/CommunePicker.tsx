/**
 * The site finder's communes: a searchable checklist of the communes in the planner's scope (the
 * district chosen, or all of the scope), in Vietnamese order, a commune whose name another one in
 * the list shares labelled with its district; the chosen ones shown as chips that remove
 * themselves. Typing folds diacritics and spelling variants (foldName: "dak" finds "Đắk", "Đăk").
 * None chosen: the whole district (or scope).
 */
import { useId, useMemo, useState } from 'react';
import { foldName } from '../../../server/domain/text.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { byVietnameseName, unitLabels } from '../panels/unitNames.ts';

interface Unit {
  code: string;
  name: string;
  parentCode: string | null;
}

export interface CommunePickerProps {
  /** the communes that may be chosen (already limited to the planner's scope) */
  communes: readonly Unit[];
  /** every unit, to name a commune's district */
  units: readonly { code: string; name: string }[];
  value: readonly string[];
  onChange(codes: string[]): void;
}

export function CommunePicker({ communes, units, value, onChange }: CommunePickerProps) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const labelId = useId();
  const sorted = useMemo(() => byVietnameseName(communes), [communes]);
  const labels = useMemo(() => unitLabels(communes, units), [communes, units]);
  const folded = foldName(q);
  const shown = folded ? sorted.filter((c) => foldName(labels.get(c.code) ?? c.name).includes(folded)) : sorted;
  const chosen = new Set(value);
  const label = (code: string) => labels.get(code) ?? communes.find((c) => c.code === code)?.name ?? code;
  const set = (code: string, on: boolean) => onChange(on ? [...value, code] : value.filter((c) => c !== code));

  return (
    <div className="commune-picker" role="group" aria-labelledby={labelId} data-testid="planner-commune">
      <span id={labelId} className="commune-picker-title">
        {t('planner.commune')}
      </span>
      <div className="commune-chips" aria-live="polite">
        {value.length === 0 ? (
          <span className="muted" data-testid="commune-all">
            {t('planner.allCommunes')}
          </span>
        ) : (
          value.map((code) => (
            <button key={code} type="button" className="commune-chip" onClick={() => set(code, false)} title={t('planner.communeRemove', { name: label(code) })} data-testid="commune-chip" data-code={code}>
              {label(code)} <span aria-hidden="true">×</span>
            </button>
          ))
        )}
      </div>
      <input
        type="search"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        placeholder={t('planner.communeSearch')}
        aria-label={t('planner.communeSearch')}
        data-testid="commune-search"
      />
      <ul className="commune-checklist">
        {shown.map((c) => (
          <li key={c.code}>
            <label>
              <input type="checkbox" value={c.code} checked={chosen.has(c.code)} onChange={(e) => set(c.code, e.target.checked)} data-testid="commune-option" />
              <span>{labels.get(c.code) ?? c.name}</span>
            </label>
          </li>
        ))}
        {shown.length === 0 ? <li className="muted">{t('planner.communeNoMatch', { q })}</li> : null}
      </ul>
    </div>
  );
}
