/**
 * A minimal OpenAPI 3.0 description of the OGC API – Features endpoint (`service-desc`). GDAL's
 * OAPIF driver reads it to learn the page size limits and which query parameters filter a
 * collection, and then sends simple attribute filters (`-where "tk = 122"`) to the server.
 */
import { OGC_COLLECTIONS, type OgcCollection } from './collections.ts';
import { OGC_DEFAULT_LIMIT, OGC_MAX_LIMIT } from './features.ts';

function itemsParameters(col: OgcCollection) {
  const params: Record<string, unknown>[] = [
    { name: 'bbox', in: 'query', required: false, style: 'form', explode: false, schema: { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } } },
    { name: 'bbox-crs', in: 'query', required: false, schema: { type: 'string', format: 'uri' } },
    { name: 'crs', in: 'query', required: false, schema: { type: 'string', format: 'uri' } },
    { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: OGC_MAX_LIMIT, default: OGC_DEFAULT_LIMIT } },
    { name: 'offset', in: 'query', required: false, schema: { type: 'integer', minimum: 0, default: 0 } },
  ];
  if (col.year) params.push({ name: 'year', in: 'query', required: false, description: col.year.description, schema: { type: 'integer', minimum: 2000, maximum: 2100 } });
  for (const [name, p] of Object.entries(col.properties)) {
    if (!p.filter) continue;
    params.push({ name, in: 'query', required: false, description: p.title, schema: { type: p.type } });
  }
  return params;
}

export function openApiDocument(base: string, collections: readonly OgcCollection[] = OGC_COLLECTIONS) {
  const paths: Record<string, unknown> = {
    '/': { get: { summary: 'Landing page', operationId: 'getLandingPage', responses: { 200: { description: 'Landing page' } } } },
    '/conformance': { get: { summary: 'Conformance classes', operationId: 'getConformance', responses: { 200: { description: 'Conformance' } } } },
    '/collections': { get: { summary: 'Collections', operationId: 'getCollections', responses: { 200: { description: 'Collections' } } } },
  };
  for (const col of collections) {
    paths[`/collections/${col.id}`] = { get: { summary: col.title, operationId: `describe_${col.id}`, responses: { 200: { description: col.title } } } };
    paths[`/collections/${col.id}/items`] = {
      get: {
        summary: `${col.title}: features`,
        operationId: `items_${col.id}`,
        parameters: itemsParameters(col),
        responses: { 200: { description: 'GeoJSON FeatureCollection', content: { 'application/geo+json': { schema: { type: 'object' } } } } },
      },
    };
    paths[`/collections/${col.id}/items/{featureId}`] = {
      get: {
        summary: `${col.title}: one feature`,
        operationId: `item_${col.id}`,
        parameters: [{ name: 'featureId', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { 200: { description: 'GeoJSON Feature' } },
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'Kon Tum Atlas – OGC API Features', version: '1.0.0' },
    servers: [{ url: base }],
    paths,
  };
}
