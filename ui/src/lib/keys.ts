/** True when a key press happens while typing into a field. */
export function isTyping(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (!target) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/** Ctrl on Linux/Windows, Cmd on macOS. */
export function isMod(event: KeyboardEvent): boolean {
  return event.ctrlKey || event.metaKey;
}
