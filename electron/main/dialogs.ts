import { BrowserWindow, dialog, type OpenDialogOptions } from 'electron';

/** The native folder picker for `app.pickFolder`; null when the user cancels. */
export async function pickFolder(title: string): Promise<string | null> {
  const options: OpenDialogOptions = { title, properties: ['openDirectory', 'createDirectory'] };
  // Sheet on the focused window (macOS) rather than a free-floating dialog behind it.
  const parent = BrowserWindow.getFocusedWindow();
  const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}
