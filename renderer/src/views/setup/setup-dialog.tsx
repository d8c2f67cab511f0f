/*
 * Setup names: dialog 'Add workspace' with radios 'Add an existing folder' (default) and
 * 'Clone from a repository'.
 * Existing folder (form 'Add an existing folder'): textboxes 'Folder', 'Name', 'Path prefix',
 *   'Group', 'Author name', 'Author e-mail'; combobox 'Connection' (when any exist);
 *   button 'Browse…' (only when app.info.canPickFolder); buttons 'Add workspace', 'Cancel'.
 * Clone (form 'Clone from a repository'): combobox 'Connection'; with a provider connection a
 *   searchbox 'Search repositories', list 'Repositories' (a button per repository, aria-pressed
 *   on the chosen one), button 'Load more'; textbox 'Repository URL' + button 'Test' → status
 *   'Test result'; textboxes 'Branch' (a combobox once a Test found branches), 'Path prefix', 'Folder', 'Name', 'Group', author fields;
 *   buttons 'Clone', 'Cancel'. While cloning: status 'Clone progress' with progressbar 'Cloning',
 *   buttons 'Hide' (keeps cloning) and 'Cancel clone'; after a cancel, status 'Clone cancelled.'
 * Field errors sit under their field (aria-invalid, aria-describedby); others are role=alert.
 */
import { useRef, useState, type ReactNode } from 'react';
import { Dialog } from '../../components/dialog';
import { CloneIcon, FolderIcon } from '../../components/icons';
import { CloneForm } from './clone-form';
import { ExistingFolderForm } from './existing-folder-form';

type Mode = 'existing' | 'clone';

const MODES: { mode: Mode; title: string; text: string; icon: ReactNode }[] = [
  { mode: 'existing', title: 'Add an existing folder', text: 'A folder on this computer that already holds a Git repository.', icon: <FolderIcon /> },
  { mode: 'clone', title: 'Clone from a repository', text: 'Download a repository from GitHub, GitLab, Gitea or any HTTPS Git server.', icon: <CloneIcon /> },
];

/** The one way in for a new workspace: register a folder, or clone a repository into one. */
export function SetupDialog({ onClose, initialMode = 'existing' }: { onClose(): void; initialMode?: Mode }) {
  const [mode, setMode] = useState<Mode>(initialMode);
  const [cloning, setCloning] = useState(false);
  const folderRef = useRef<HTMLInputElement>(null);
  const urlRef = useRef<HTMLInputElement>(null);

  return (
    <Dialog title="Add workspace" description="Keep a folder on this computer in step with a Git repository." onClose={onClose} initialFocus={folderRef} wide>
      <div className="mode-choice" role="radiogroup" aria-label="How to add it" hidden={cloning}>
        {MODES.map((m) => (
          <label key={m.mode} className={`mode-card${m.mode === mode ? ' mode-card-on' : ''}`}>
            <input type="radio" name="setup-mode" value={m.mode} checked={m.mode === mode} onChange={() => setMode(m.mode)} />
            <span className="mode-icon" aria-hidden="true">
              {m.icon}
            </span>
            <span className="mode-text">
              <span className="mode-title">{m.title}</span>
              <span className="mode-desc">{m.text}</span>
            </span>
          </label>
        ))}
      </div>
      {mode === 'existing' ? (
        <ExistingFolderForm folderRef={folderRef} onDone={onClose} onCancel={onClose} />
      ) : (
        <CloneForm urlRef={urlRef} onDone={onClose} onCancel={onClose} onCloning={setCloning} />
      )}
    </Dialog>
  );
}
