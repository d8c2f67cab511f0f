import { describe, expect, it } from 'vitest';
import { describeError, errorField } from './error-text';

describe('describeError', () => {
  it('gives each code a headline and keeps the engine message', () => {
    expect(describeError({ code: 'auth_failed', message: 'Bad credentials.', details: {}, requestId: 'r' })).toEqual({
      title: 'Sign-in failed',
      message: 'Bad credentials.',
    });
  });

  it('tells what to do on a full disk instead of calling it a bug', () => {
    const text = describeError({ code: 'internal', message: 'The disk is full.', details: { errno: 'ENOSPC' }, requestId: 'r' });
    expect(text.title).toBe('Disk full');
    expect(text.message).toMatch(/Free some space/);
    expect(text.message).not.toMatch(/bug/);
  });

  it('treats anything that is not an engine error as internal', () => {
    expect(describeError(new Error('boom')).title).toBe('Something went wrong');
  });

  it('places field errors under the named field', () => {
    expect(errorField({ code: 'invalid_input', message: 'x', details: { field: 'author' }, requestId: '' })).toBe('author');
    expect(errorField({ code: 'not_found', message: 'x', details: { path: '/a' }, requestId: '' })).toBe('path');
  });
});
