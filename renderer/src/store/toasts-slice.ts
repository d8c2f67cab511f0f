import { describeError } from '../lib/error-text';
import type { SliceCreator } from './types';

export type ToastTone = 'error' | 'success' | 'info';

/** The one step that fixes what the toast reports ("Re-enter token", "Pull first", …). */
export interface ToastAction {
  label: string;
  run(): void;
}

export interface Toast {
  id: number;
  tone: ToastTone;
  title: string;
  message: string;
  action?: ToastAction;
}

export interface ToastsSlice {
  toasts: Toast[];
  pushToast(toast: Omit<Toast, 'id'>): number;
  dismissToast(id: number): void;
  /** An error toast worded for the error's code. */
  reportError(error: unknown): void;
}

/** Old toasts give way so a burst of failures cannot cover the window. */
const MAX_TOASTS = 4;
let nextToastId = 0;

export const createToastsSlice: SliceCreator<ToastsSlice> = () => (set, get) => ({
  toasts: [],
  pushToast(toast) {
    const id = ++nextToastId;
    set((s) => ({ toasts: [...s.toasts, { ...toast, id }].slice(-MAX_TOASTS) }));
    return id;
  },
  dismissToast(id) {
    set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
  },
  reportError(error) {
    get().pushToast({ tone: 'error', ...describeError(error) });
  },
});
