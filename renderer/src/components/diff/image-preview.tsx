import { useEffect, useState } from 'react';

const IMAGE_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
};

/** The image MIME type for a path, or null when the viewer cannot preview it. */
export function imageType(path: string): string | null {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? null : (IMAGE_TYPES[path.slice(dot + 1).toLowerCase()] ?? null);
}

/** A data: URL (the CSP allows data: images) from base64 bytes or from text (SVG stored as text). */
export function imageDataUrl(path: string, content: { base64: string | null; text: string | null }): string | null {
  const type = imageType(path);
  if (!type) return null;
  if (content.base64 !== null) return `data:${type};base64,${content.base64}`;
  if (content.text !== null) return `data:${type};charset=utf-8,${encodeURIComponent(content.text)}`;
  return null;
}

export type ImageLoader = (side: 'old' | 'new') => Promise<string | null>;

type Loaded = { state: 'loading' } | { state: 'ready'; url: string | null } | { state: 'error' };

function useImage(load: ImageLoader, side: 'old' | 'new', enabled: boolean): Loaded {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    setLoaded({ state: 'loading' });
    load(side).then(
      (url) => live && setLoaded({ state: 'ready', url }),
      () => live && setLoaded({ state: 'error' }),
    );
    return () => {
      live = false;
    };
  }, [load, side, enabled]);
  return loaded;
}

function Side({ label, loaded }: { label: string; loaded: Loaded }) {
  return (
    <figure className="image-side">
      <figcaption>{label}</figcaption>
      {loaded.state === 'loading' && <div className="image-frame muted">Loading…</div>}
      {loaded.state === 'error' && <div className="image-frame muted">Could not load this image.</div>}
      {loaded.state === 'ready' &&
        (loaded.url ? (
          <div className="image-frame">
            <img src={loaded.url} alt={label} />
          </div>
        ) : (
          <div className="image-frame muted">Too large to preview.</div>
        ))}
    </figure>
  );
}

/** Before/after previews of an image file; a side that does not exist is left out. */
export function ImagePreview({ load, hasOld, hasNew }: { load: ImageLoader; hasOld: boolean; hasNew: boolean }) {
  const old = useImage(load, 'old', hasOld);
  const next = useImage(load, 'new', hasNew);
  return (
    <div className="image-preview" role="group" aria-label="Image preview">
      {hasOld && <Side label="Before" loaded={old} />}
      {hasNew && <Side label="After" loaded={next} />}
    </div>
  );
}
