import { useI18n } from './I18nProvider.tsx';

const TERMS = {
  tieukhu: { label: 'kind.tieukhu', hint: 'glossary.tieukhu' },
  khoanh: { label: 'kind.khoanh', hint: 'glossary.khoanh' },
  lo: { label: 'kind.plot', hint: 'glossary.lo' },
  ntm: { label: null, hint: 'glossary.ntm' },
} as const;

/** A glossary term (tiểu khu, khoảnh, lô, NTM) with its explanation as a tooltip. */
export function Term({ id, children }: { id: keyof typeof TERMS; children?: string }) {
  const { t } = useI18n();
  const term = TERMS[id];
  const text = children ?? (term.label ? t(term.label) : 'NTM');
  return (
    <abbr className="term" title={t(term.hint)} tabIndex={0}>
      {text}
    </abbr>
  );
}
