import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';

describe('CORS_ALLOWED_ORIGINS', () => {
  it('is off by default and reads a comma-separated list of origins, or *', () => {
    expect(loadConfig({}).CORS_ALLOWED_ORIGINS).toEqual([]);
    expect(loadConfig({ CORS_ALLOWED_ORIGINS: 'https://gis.example.vn, http://10.0.0.5:8081/' }).CORS_ALLOWED_ORIGINS).toEqual([
      'https://gis.example.vn',
      'http://10.0.0.5:8081',
    ]);
    expect(loadConfig({ CORS_ALLOWED_ORIGINS: '*' }).CORS_ALLOWED_ORIGINS).toEqual(['*']);
  });

  it('stops start-up with a bilingual message on anything else', () => {
    for (const bad of ['gis.example.vn', 'https://gis.example.vn/tiles', 'ftp://x', 'https://a.vn,javascript:alert(1)']) {
      expect(() => loadConfig({ CORS_ALLOWED_ORIGINS: bad }), bad).toThrow(/CORS_ALLOWED_ORIGINS: mỗi nguồn .* \/ each origin/);
    }
  });
});
