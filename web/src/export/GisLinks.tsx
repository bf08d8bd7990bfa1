/**
 * A row of GIS download links (GeoPackage, Shapefile, KML, GPX, CSV) for one list, each with a
 * title saying what it is for; placed beside the list's CSV/XLSX exports.
 */
import { useI18n } from '../i18n/I18nProvider.tsx';
import './export.css';
import { GIS_FORMATS, type GisFormat } from './gisFiles.ts';

export interface GisLinksProps {
  /** the URL of a format, or null to leave that format out */
  url(format: GisFormat): string | null;
  /** prefix of the links' data-testid: `${testId}-${format}` */
  testId: string;
  className?: string;
}

export function GisLinks({ url, testId, className }: GisLinksProps) {
  const { t } = useI18n();
  return (
    <>
      {GIS_FORMATS.map((f) => {
        const href = url(f);
        if (!href) return null;
        return (
          <a key={f} className={className} href={href} download title={t(`gis.format.${f}.title`)} data-testid={`${testId}-${f}`}>
            {t(`gis.format.${f}`)}
          </a>
        );
      })}
    </>
  );
}
