import { Channel, invoke } from "@tauri-apps/api/core";
import { toAppError } from "./error";

/** Calls an app command; a failure always rejects with an AppError. */
export async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    throw toAppError(raw);
  }
}

/** A channel that hands each message the backend sends to `onMessage`. */
export function channel<T>(onMessage: (message: T) => void): Channel<T> {
  const ch = new Channel<T>();
  ch.onmessage = onMessage;
  return ch;
}
