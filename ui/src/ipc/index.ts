// The only door to the backend: typed commands, native dialogs, errors.
export * from "./api";
export * from "./native";
export { AppError, errorMessage, toAppError } from "./error";
export type * from "./types";
