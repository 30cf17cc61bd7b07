import type { Theme } from "../ipc";

const dark = window.matchMedia("(prefers-color-scheme: dark)");
let chosen: Theme = "system";

function resolve(): void {
  const scheme = chosen === "system" ? (dark.matches ? "dark" : "light") : chosen;
  document.documentElement.dataset.theme = scheme;
}

// "system" follows the operating system as it changes.
dark.addEventListener("change", () => {
  if (chosen === "system") resolve();
});

/** Applies a colour scheme: sets html[data-theme] to "light" or "dark" (the CSS holds one dark palette). */
export function applyTheme(theme: Theme): void {
  chosen = theme;
  resolve();
}

// Before Settings answer, follow the system rather than flash the light palette.
resolve();
