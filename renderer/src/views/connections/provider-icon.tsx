import type { ProviderChoice } from './connection-text';

/** Simplified provider marks, drawn inline (no network, no image files). Decorative: text names the provider. */
export function ProviderIcon({ provider, size = 28 }: { provider: ProviderChoice; size?: number }) {
  const common = { width: size, height: size, viewBox: '0 0 24 24', 'aria-hidden': true, focusable: false, className: `provider-icon provider-${provider}` } as const;
  switch (provider) {
    case 'github':
    case 'github_enterprise':
    case 'github_app':
      return (
        <svg {...common}>
          <path
            fill="currentColor"
            d="M12 1.5a10.5 10.5 0 0 0-3.32 20.46c.53.1.72-.23.72-.5v-1.85c-2.92.63-3.54-1.24-3.54-1.24-.48-1.22-1.17-1.55-1.17-1.55-.95-.65.07-.64.07-.64 1.06.08 1.61 1.09 1.61 1.09.94 1.6 2.46 1.14 3.06.87.1-.68.37-1.14.67-1.4-2.33-.27-4.78-1.17-4.78-5.19 0-1.15.41-2.08 1.08-2.82-.1-.26-.47-1.33.1-2.78 0 0 .88-.28 2.89 1.08a10 10 0 0 1 5.26 0c2-1.36 2.88-1.08 2.88-1.08.58 1.45.21 2.52.1 2.78.68.74 1.09 1.67 1.09 2.82 0 4.03-2.46 4.92-4.8 5.18.38.33.71.97.71 1.96v2.9c0 .28.19.61.73.5A10.5 10.5 0 0 0 12 1.5z"
          />
        </svg>
      );
    case 'gitlab':
      return (
        <svg {...common}>
          <path fill="#e24329" d="M12 21.5l3.7-11.4H8.3z" />
          <path fill="#fc6d26" d="M12 21.5L8.3 10.1H3.1z" />
          <path fill="#fca326" d="M3.1 10.1l-1.1 3.46c-.1.31.01.66.28.86L12 21.5z" />
          <path fill="#e24329" d="M3.1 10.1h5.2L6.06 3.2a.39.39 0 0 0-.74 0z" />
          <path fill="#fc6d26" d="M12 21.5l3.7-11.4h5.2z" />
          <path fill="#fca326" d="M20.9 10.1l1.1 3.46c.1.31-.01.66-.28.86L12 21.5z" />
          <path fill="#e24329" d="M20.9 10.1h-5.2l2.24-6.9a.39.39 0 0 1 .74 0z" />
        </svg>
      );
    case 'gitea':
      return (
        <svg {...common}>
          <path fill="#609926" d="M3 7h14v5.5A5.5 5.5 0 0 1 11.5 18h-3A5.5 5.5 0 0 1 3 12.5z" />
          <path fill="none" stroke="#609926" strokeWidth="1.8" d="M17 8.5h1.5a2.5 2.5 0 0 1 0 5H17" />
          <path fill="#fff" d="M8.2 9.5l3.6 1.7-1.7 3.6-3.6-1.7z" />
        </svg>
      );
    case 'generic':
      return (
        <svg {...common}>
          <path fill="#f05133" d="M22.6 11L13 1.4a1.4 1.4 0 0 0-2 0l-2 2 2.5 2.5a1.7 1.7 0 0 1 2.2 2.2l2.4 2.4a1.7 1.7 0 1 1-1 1l-2.3-2.3v6a1.7 1.7 0 1 1-1.4 0V9.1a1.7 1.7 0 0 1-.9-2.3L8 4.3 1.4 11a1.4 1.4 0 0 0 0 2l9.6 9.6a1.4 1.4 0 0 0 2 0l9.6-9.6a1.4 1.4 0 0 0 0-2z" />
        </svg>
      );
  }
}
