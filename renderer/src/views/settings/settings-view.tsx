/*
 * Settings names: region 'Settings' (heading level 2); radio group 'Theme' with radios 'System',
 * 'Light', 'Dark'; region 'Where tokens are kept'; list 'Fetch automatically' with one combobox
 * 'Fetch <workspace> automatically' per workspace (Off | Every minute | Every 5/15/30 minutes).
 */
import { LockIcon } from '../../components/icons';
import { THEMES, type Theme } from '../../store/app-slice';
import { useAppStore } from '../../store/store-context';
import { vaultText } from '../connections/connection-text';
import { AutoFetchSettings } from './auto-fetch-settings';

const THEME_TEXT: Record<Theme, { label: string; desc: string }> = {
  system: { label: 'System', desc: 'Follow the operating system' },
  light: { label: 'Light', desc: 'Dark text on light surfaces' },
  dark: { label: 'Dark', desc: 'Light text on dark surfaces' },
};

/** Look, where secrets live, and background fetching. */
export function SettingsView() {
  const theme = useAppStore((s) => s.theme);
  const setTheme = useAppStore((s) => s.setTheme);
  const info = useAppStore((s) => s.info);
  const vault = vaultText(info?.vaultKind);

  return (
    <section className="page settings" aria-labelledby="settings-title">
      <header className="page-header">
        <div>
          <h2 id="settings-title" className="page-title">
            Settings
          </h2>
          <p className="page-lead">These settings are kept on this computer.</p>
        </div>
      </header>

      <section className="settings-section" aria-labelledby="theme-title">
        <h3 id="theme-title" className="section-title">
          Appearance
        </h3>
        <div className="theme-choices" role="radiogroup" aria-label="Theme">
          {THEMES.map((t) => (
            <label key={t} className={`theme-card theme-card-${t}${t === theme ? ' theme-card-on' : ''}`}>
              <input
                type="radio"
                name="theme"
                value={t}
                checked={t === theme}
                onChange={() => setTheme(t)}
                aria-labelledby={`theme-label-${t}`}
                aria-describedby={`theme-desc-${t}`}
              />
              <span className="theme-swatch" aria-hidden="true" />
              <span id={`theme-label-${t}`} className="theme-label">
                {THEME_TEXT[t].label}
              </span>
              <span id={`theme-desc-${t}`} className="muted theme-desc">
                {THEME_TEXT[t].desc}
              </span>
            </label>
          ))}
        </div>
      </section>

      <section className="settings-section" aria-labelledby="vault-title">
        <h3 id="vault-title" className="section-title">
          Where tokens are kept
        </h3>
        <div className={`vault-card${info?.vaultKind === 'encrypted_file' ? ' vault-weak' : ''}`}>
          <LockIcon />
          <div>
            <p className="vault-kind">{vault.short}</p>
            <p className="muted">{vault.explanation}</p>
            {info?.vaultKind === 'encrypted_file' && (
              <p className="muted">The desktop app uses the OS keychain instead; this browser version runs without one.</p>
            )}
          </div>
        </div>
      </section>

      <AutoFetchSettings />

      {info && (
        <section className="settings-section" aria-labelledby="about-title">
          <h3 id="about-title" className="section-title">
            About
          </h3>
          <dl className="facts">
            <div className="fact">
              <dt>Version</dt>
              <dd>
                {info.name} {info.version} ({info.mode === 'electron' ? 'desktop app' : 'browser, local host'})
              </dd>
            </div>
            <div className="fact">
              <dt>Data folder</dt>
              <dd>
                <code className="path-inline">{info.home}</code>
              </dd>
            </div>
          </dl>
        </section>
      )}
    </section>
  );
}
