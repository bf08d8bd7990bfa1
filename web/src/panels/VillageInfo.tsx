import { useEffect, useState } from 'react';
import { villageBandColor } from '../../../server/domain/classes.ts';
import type { CriterionStatus, VillageDetail } from '../../../server/domain/api.ts';
import { PROVINCE_CODE } from '../../../server/domain/geo.ts';
import { useSession } from '../auth/useSession.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { formatDate } from '../i18n/translate.ts';
import { rgbToHex } from '../lib/color.ts';
import { canEditCriteria } from '../ntm/canEdit.ts';
import { CriteriaChecklist } from '../ntm/CriteriaChecklist.tsx';
import { CriterionEditor } from '../ntm/CriterionEditor.tsx';
import { HistoryChart } from '../ntm/HistoryChart.tsx';
import { ntmApi } from '../ntm/ntmApi.ts';
import { useNtmRevision } from '../ntm/revision.ts';
import { Row, Score } from './InfoParts.tsx';

/**
 * A village (thôn, làng): commune, pilot tier, criteria met of 10 in the year with its
 * checklist (editable by editors in scope), recognition, target years and the years before.
 */
export function VillageInfo({ d: given }: { d: VillageDetail }) {
  const { t, num } = useI18n();
  const { me } = useSession();
  const revision = useNtmRevision();
  const [fresh, setFresh] = useState<VillageDetail | null>(null);
  const [editing, setEditing] = useState<CriterionStatus | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const d = fresh && fresh.code === given.code && fresh.year === given.year ? fresh : given;
  useEffect(() => {
    setFresh(null);
    setMessage(null);
  }, [given.code, given.year]);
  useEffect(() => {
    if (revision === 0) return;
    const ctl = new AbortController();
    ntmApi.village(given.code, given.year, ctl.signal).then(setFresh, () => undefined);
    return () => ctl.abort();
  }, [revision, given.code, given.year]);

  const of = d.criteria.length || 10;
  const canEdit = canEditCriteria(me, [d.commune.code, d.district.code, PROVINCE_CODE]);
  return (
    <article className="info-card" data-testid="info-village">
      <p className="info-kind">{t(`villageKind.${d.kind}`)}</p>
      <h2 data-testid="info-title">{d.name}</h2>
      <dl>
        <Row label={t('info.commune')}>{d.commune.name}</Row>
        <Row label={t('info.district')}>{d.district.name}</Row>
        <Row label={t('info.tier')} testId="info-tier">
          {t(`tier.${d.pilotTier ?? 'none'}`)}
        </Row>
        {d.ethnicMinority ? <Row label={t('info.ethnic')}>{d.mainEthnic ?? '✓'}</Row> : null}
        {d.households != null ? <Row label={t('info.households')}>{num(d.households)}</Row> : null}
        {d.targetYears.length ? <Row label={t('ntm.info.targetYears')}>{d.targetYears.join(', ')}</Row> : null}
      </dl>
      <h3 className="info-year">{t('info.year', { year: d.year })}</h3>
      {d.criteriaMet == null ? (
        <p className="note">{t('info.noAssessment')}</p>
      ) : (
        <Score met={d.criteriaMet} of={of} color={rgbToHex(villageBandColor(d.criteriaMet))} label={t('info.criteriaMet')} testId="info-criteria" />
      )}
      {d.recognition ? (
        <dl>
          <Row label={t('info.recognised')}>{`${t(`level.${d.recognition.level}`)} · ${formatDate(d.recognition.recognisedOn)}`}</Row>
        </dl>
      ) : null}
      {message ? (
        <p className="ntm-message" role="status" data-testid="ntm-message">
          {message}
        </p>
      ) : null}
      <CriteriaChecklist criteria={d.criteria} canEdit={canEdit} onEdit={setEditing} />
      {d.history.length > 1 ? <HistoryChart points={d.history} max={of} highlightYear={d.year} testId="info-history-chart" /> : null}
      {editing ? (
        <CriterionEditor
          kind="village"
          code={d.code}
          year={d.year}
          criterion={editing}
          onClose={() => setEditing(null)}
          onSaved={(m) => {
            setEditing(null);
            setMessage(m);
          }}
        />
      ) : null}
    </article>
  );
}
