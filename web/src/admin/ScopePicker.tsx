import { useState } from 'react';
import type { UnitOption } from '../../../server/auth/contract.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { NamedOptions, UnitOptions } from '../panels/UnitOptions.tsx';

/**
 * Chooses the units (province, districts, communes, and the communes and wards from 1 July 2025)
 * where a user's scoped roles apply: a list grouped by district, the new units in a group of their
 * own, and the chosen units as removable chips.
 */
export function ScopePicker({ units, value, onChange }: { units: UnitOption[]; value: string[]; onChange(next: string[]): void }) {
  const { t } = useI18n();
  const [pick, setPick] = useState('');
  const byCode = new Map(units.map((u) => [u.code, u]));
  const province = units.filter((u) => u.level === 'province');
  const units2025 = units.filter((u) => u.level === 'unit2025');
  const add = () => {
    if (pick && !value.includes(pick)) onChange([...value, pick].sort());
    setPick('');
  };
  return (
    <div className="scope-picker">
      <ul className="chips" aria-live="polite">
        {value.length === 0 ? <li className="muted">{t('admin.users.scopeNone')}</li> : null}
        {value.map((code) => (
          <li key={code} className="chip" data-testid={`scope-${code}`}>
            {byCode.get(code)?.name ?? code} <span className="muted">({code})</span>
            <button type="button" onClick={() => onChange(value.filter((c) => c !== code))} aria-label={`${t('admin.users.remove')} ${byCode.get(code)?.name ?? code}`}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <div className="scope-add">
        <select value={pick} onChange={(e) => setPick(e.target.value)} aria-label={t('admin.users.scopeAdd')} data-testid="scope-select">
          <option value="">{t('admin.users.scopeChoose')}</option>
          {province.map((p) => (
            <option key={p.code} value={p.code}>
              {t('admin.users.province')} – {p.name}
            </option>
          ))}
          <UnitOptions units={units} wholeDistrict={(name) => `${name} (${t('admin.users.wholeDistrict')})`} />
          {units2025.length > 0 ? (
            <optgroup label={t('admin.users.units2025')} data-testid="scope-group-2025">
              <NamedOptions items={units2025} />
            </optgroup>
          ) : null}
        </select>
        <button type="button" className="secondary-button" onClick={add} disabled={!pick} data-testid="scope-add">
          {t('admin.users.scopeAdd')}
        </button>
      </div>
    </div>
  );
}
