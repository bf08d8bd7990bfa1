import { api, type VillageCollection } from '../api/client.ts';
import type { CommuneDetail, MetaResponse, PlotDetail, VillageDetail } from '../../../server/domain/api.ts';
import type { Selection } from '../lib/selection.ts';
import { useAsync } from './useAsync.ts';
import { useLayerRevision } from './layerRevisions.ts';

/** The server's configuration and years with data (/api/meta). */
export function useMeta() {
  return useAsync<MetaResponse>('meta', (signal) => api.meta(signal));
}

/** Village points of an assessment year for the map's village layer (null year or not enabled: not loaded). */
export function useVillages(year: number | null, enabled: boolean) {
  // the revision changes after a criteria edit or upload on this page: the dots are fetched again
  const revision = useLayerRevision('villages');
  return useAsync<VillageCollection>(enabled && year != null ? `villages:${year}:${revision}` : null, (signal) => api.villages(year, signal), {
    keepPrevious: true,
  });
}

export type Detail =
  | { kind: 'commune'; data: CommuneDetail }
  | { kind: 'village'; data: VillageDetail }
  | { kind: 'plot'; data: PlotDetail };

/** The details of the selected commune, village or lô for the years shown. */
export function useDetail(sel: Selection | null, communeYear: number | null, villageYear: number | null) {
  const key =
    sel && (sel.kind === 'commune' || sel.kind === 'village' || sel.kind === 'plot')
      ? `${sel.kind}:${sel.id}:${sel.kind === 'commune' ? communeYear : sel.kind === 'village' ? villageYear : ''}`
      : null;
  return useAsync<Detail>(key, async (signal): Promise<Detail> => {
    if (sel!.kind === 'commune') return { kind: 'commune', data: await api.commune(sel!.id, communeYear, signal) };
    if (sel!.kind === 'village') return { kind: 'village', data: await api.village(sel!.id, villageYear, signal) };
    return { kind: 'plot', data: await api.plot(sel!.id, signal) };
  });
}

/** A basemap style (JSON) from BASEMAP_STYLE_URL, or null when none is configured or reachable. */
export function useBasemap(url: string | undefined) {
  return useAsync(url ? `basemap:${url}` : null, async (signal) => {
    try {
      const res = await fetch(url!, { signal });
      if (!res.ok) return null;
      return (await res.json()) as import('maplibre-gl').StyleSpecification;
    } catch (e) {
      if (signal.aborted) throw e;
      return null; // offline: the app's own background
    }
  });
}
