import { describe, expect, it } from 'vitest';
import { cacheControlFor } from './static-files';

describe('cacheControlFor', () => {
  it('caches hashed assets for good and revalidates the rest', () => {
    expect(cacheControlFor('/r', '/r/assets/a-1.js')).toContain('immutable');
    expect(cacheControlFor('/r', '/r/index.html')).toBe('no-cache');
    expect(cacheControlFor('/r', '/r/assets')).toBe('no-cache');
  });
});
