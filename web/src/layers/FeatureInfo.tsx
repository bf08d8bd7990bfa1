/**
 * The info panel of a feature whose layer declares a `detail` (web/src/layers/<id>/index.ts): loads
 * GET /api/tiles/<layer>/features/:id (the layer's detail SQL) and renders the layer's panel.
 */
import { Suspense } from 'react';
import type { FeatureDetail } from '../../../server/domain/layers.ts';
import { errorText, getJson } from '../api/http.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { featureOf, type Selection } from '../lib/selection.ts';
import { useAsync } from '../state/useAsync.ts';
import { WEB_LAYERS } from './registry.ts';
import type { WebLayer } from './types.ts';

/** The layer and feature id a selection shows with a layer's detail panel, or null. */
export function featureDetailOf(sel: Selection): { layer: WebLayer; id: string } | null {
  if (sel.kind === 'feature') {
    const f = featureOf(sel.id);
    const layer = f ? WEB_LAYERS.find((l) => l.id === f.layer && l.detail) : undefined;
    return layer && f ? { layer, id: f.id } : null;
  }
  const layer = WEB_LAYERS.find((l) => l.detail?.kind === sel.kind);
  return layer ? { layer, id: sel.id } : null;
}

const loadFeature = (layer: string, id: string, signal: AbortSignal) =>
  getJson<FeatureDetail>(`/api/tiles/${layer}/features/${encodeURIComponent(id)}`, signal);

export function FeatureInfo({ layer, id }: { layer: WebLayer; id: string }) {
  const { t, pick } = useI18n();
  const state = useAsync<FeatureDetail>(`feature:${layer.id}:${id}`, (signal) => loadFeature(layer.id, id, signal));
  const Panel = layer.detail!.Panel;
  let body;
  if (state.status === 'ready') {
    body = (
      <Suspense fallback={<p className="muted">{t('info.loading')}</p>}>
        <Panel d={state.data} />
      </Suspense>
    );
  } else if (state.status === 'error') {
    body = (
      <div className="info-error" role="alert">
        <p>{errorText(state.error, pick, t('info.error'))}</p>
        <button type="button" onClick={state.retry}>
          {t('app.retry')}
        </button>
      </div>
    );
  } else {
    body = <p className="muted">{t('info.loading')}</p>;
  }
  return (
    <div data-testid="feature-info" data-status={state.status}>
      {body}
    </div>
  );
}
