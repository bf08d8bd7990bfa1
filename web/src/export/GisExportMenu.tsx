/**
 * "Download for GIS" in the layer panel: a whole layer of the atlas (districts, communes,
 * villages, tiểu khu, khoảnh, lô) as GeoPackage or Shapefile in VN-2000 with the inventory field
 * names, KML/GPX for GPS units and phone map apps, or CSV with VN-2000 X/Y (docs/exports.md).
 * Filtered lists (a tiểu khu's lô, a plan, the worklist) have their links where they are shown.
 */
import { useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { ogcFileUrl, type GisCollection } from './gisFiles.ts';
import { GisLinks } from './GisLinks.tsx';

const LISTS: readonly Exclude<GisCollection, 'plans'>[] = ['plots', 'khoanh', 'tieukhu', 'villages', 'communes', 'districts'];

export function GisExportMenu() {
  const { t, lang } = useI18n();
  const [list, setList] = useState<(typeof LISTS)[number]>('plots');
  return (
    <details className="gis-export no-print" data-testid="gis-export">
      <summary>{t('gis.title')}</summary>
      <label className="field">
        <span>{t('gis.list')}</span>
        <select value={list} onChange={(e) => setList(e.target.value as (typeof LISTS)[number])} data-testid="gis-export-list">
          {LISTS.map((l) => (
            <option key={l} value={l}>
              {t(`gis.list.${l}`)}
            </option>
          ))}
        </select>
      </label>
      <p className="inline-row">
        <GisLinks className="small-button" testId="gis-export" url={(f) => ogcFileUrl(list, {}, f, lang)} />
      </p>
      <p className="muted small">{t('gis.note')}</p>
    </details>
  );
}
