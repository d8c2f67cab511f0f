import type { Author } from '../../../shared/domain';
import type { OptionSpec, OptionValues } from '../command';
import { str } from './common';

/** --author-name / --author-email, shared by the commands that commit or register. */
export const AUTHOR_OPTIONS: Record<string, OptionSpec> = {
  'author-name': { type: 'string', value: 'name', description: 'Commit author name (with --author-email)' },
  'author-email': { type: 'string', value: 'email', description: 'Commit author e-mail (with --author-name)' },
};

export function checkAuthor(values: OptionValues): string | null {
  return (typeof values['author-name'] === 'string') !== (typeof values['author-email'] === 'string') ? '--author-name and --author-email go together.' : null;
}

export function authorOf(values: OptionValues): Author | undefined {
  const name = str(values, 'author-name');
  const email = str(values, 'author-email');
  return name && email ? { name, email } : undefined;
}
