import { useEffect, useState } from 'react';
import type { CriterionStatus } from '../../../server/domain/api.ts';
import { CriteriaChecklist } from './CriteriaChecklist.tsx';
import { CriterionEditor } from './CriterionEditor.tsx';
import { CRITERIA_LAYERS, useLayersRevision } from '../state/layerRevisions.ts';
import { useAsync } from '../state/useAsync.ts';

type Kind = 'commune' | 'village';
interface Detail {
  code: string;
  year: number;
  criteria: CriterionStatus[];
}

/**
 * The detail of a commune or village as the panel shows it: the one it was given, or the one read
 * again after a criteria edit or upload on this page (the revision), for the same place and year.
 */
export function useFreshDetail<T extends Detail>(
  given: T,
  load: (code: string, year: number, signal: AbortSignal) => Promise<T>,
): { d: T; revision: number } {
  const revision = useLayersRevision(CRITERIA_LAYERS);
  const fresh = useAsync(revision === 0 ? null : `${given.code}:${given.year}:${revision}`, (signal) => load(given.code, given.year, signal), { keepPrevious: true }).data;
  const d = fresh && fresh.code === given.code && fresh.year === given.year ? fresh : given;
  return { d, revision };
}

/**
 * The criteria checklist of a commune or village with the result of the last save and, for an
 * editor in scope, the dialog that sets one criterion's status.
 */
export function EditableCriteria({ kind, d, canEdit }: { kind: Kind; d: Detail; canEdit: boolean }) {
  const [editing, setEditing] = useState<CriterionStatus | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => setMessage(null), [d.code, d.year]);
  return (
    <>
      {message ? (
        <p className="ntm-message" role="status" data-testid="ntm-message">
          {message}
        </p>
      ) : null}
      <CriteriaChecklist criteria={d.criteria} canEdit={canEdit} onEdit={setEditing} />
      {editing ? (
        <CriterionEditor
          kind={kind}
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
    </>
  );
}
