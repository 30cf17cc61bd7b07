// Short messages at the bottom of the window, optionally with one action.

export interface ToastAction {
  label: string;
  testId?: string;
  run: () => void | Promise<void>;
}

export interface Toast {
  id: number;
  message: string;
  kind: "info" | "error";
  action?: ToastAction;
  /** Lets a later event withdraw the toast (e.g. an Undo that no longer applies). */
  key?: string;
}

class Toasts {
  list = $state<Toast[]>([]);
  #next = 1;
  #timers = new Map<number, ReturnType<typeof setTimeout>>();

  show(message: string, options: { kind?: Toast["kind"]; action?: ToastAction; ms?: number; key?: string } = {}): number {
    const id = this.#next++;
    if (options.key) this.dismissKey(options.key);
    this.list.push({ id, message, kind: options.kind ?? "info", action: options.action, key: options.key });
    this.#timers.set(id, setTimeout(() => this.dismiss(id), options.ms ?? 5000));
    return id;
  }

  error(message: string): number {
    return this.show(message, { kind: "error", ms: 8000 });
  }

  dismissKey(key: string): void {
    for (const toast of this.list.filter((t) => t.key === key)) this.dismiss(toast.id);
  }

  dismiss(id: number): void {
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
    this.list = this.list.filter((t) => t.id !== id);
  }
}

export const toasts = new Toasts();

/** Key of the Undo toast shown after a story is deleted. */
export const undoDeleteKey = (id: string) => `undo-delete:${id}`;
