import type { ErrorCode } from "./bindings/ErrorCode";
import type { IpcError } from "./bindings/IpcError";

/** A failed command: the core's stable `code` and a human-readable `message`. */
export class AppError extends Error implements IpcError {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = "AppError";
    this.code = code;
  }
}

function isIpcError(value: unknown): value is IpcError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as IpcError).code === "string" &&
    typeof (value as IpcError).message === "string"
  );
}

/** Turns whatever a command rejected with into an {@link AppError}. */
export function toAppError(raw: unknown): AppError {
  if (raw instanceof AppError) return raw;
  if (isIpcError(raw)) return new AppError(raw.code, raw.message);
  // Anything else (a Tauri-level failure such as a denied permission) is
  // still reported in the same shape so callers handle one kind of error.
  const message = raw instanceof Error ? raw.message : String(raw);
  return new AppError("io", message);
}

/** A message fit to show a person. */
export function errorMessage(raw: unknown): string {
  return toAppError(raw).message;
}
