import { useId } from 'react';
import { THEMES, type Theme } from '../store/app-slice';
import { useAppStore } from '../store/store-context';

const LABELS: Record<Theme, string> = { system: 'System', light: 'Light', dark: 'Dark' };

export function ThemeSelect() {
  const id = useId();
  const theme = useAppStore((s) => s.theme);
  const setTheme = useAppStore((s) => s.setTheme);
  return (
    <div className="theme-select">
      <label htmlFor={id} className="theme-label">
        Theme
      </label>
      <select id={id} className="select" value={theme} onChange={(e) => setTheme(e.target.value as Theme)}>
        {THEMES.map((t) => (
          <option key={t} value={t}>
            {LABELS[t]}
          </option>
        ))}
      </select>
    </div>
  );
}
