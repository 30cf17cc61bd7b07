// The only door to the backend: typed commands (generated from the Rust
// declaration), what they changed, native dialogs, errors.
export * from "./commands";
export { changed } from "./invalidation.svelte";
export * from "./native";
export { AppError, errorMessage, toAppError } from "./error";
export type * from "./types";
