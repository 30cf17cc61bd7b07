// Native dialogs and the system browser.
import { open, save } from "@tauri-apps/plugin-dialog";
import { openUrl } from "@tauri-apps/plugin-opener";

const asList = (picked: string | string[] | null): string[] =>
  picked === null ? [] : Array.isArray(picked) ? picked : [picked];

/** Lets the person pick Markdown files; empty when cancelled. */
export async function pickFiles(title: string): Promise<string[]> {
  return asList(
    await open({
      title,
      multiple: true,
      directory: false,
      filters: [{ name: "Markdown", extensions: ["md", "markdown", "mdown"] }],
    }),
  );
}

/** Lets the person pick one or more folders; empty when cancelled. */
export async function pickFolders(title: string, multiple = true): Promise<string[]> {
  return asList(await open({ title, multiple, directory: true }));
}

/** One file to open (e.g. a backup); null when cancelled. */
export async function pickFile(title: string, extensions: string[]): Promise<string | null> {
  const picked = asList(await open({ title, multiple: false, directory: false, filters: [{ name: "Backup", extensions }] }));
  return picked[0] ?? null;
}

/** One JSON file to open (e.g. a shared reading list); null when cancelled. */
export async function pickJsonFile(title: string): Promise<string | null> {
  const picked = asList(await open({ title, multiple: false, directory: false, filters: [{ name: "JSON", extensions: ["json"] }] }));
  return picked[0] ?? null;
}

/** Where to save a file; null when cancelled. */
export async function pickSavePath(title: string, defaultPath: string): Promise<string | null> {
  return await save({ title, defaultPath });
}

/** Opens a web or mail link in the system's browser or mail client. */
export async function openExternal(url: string): Promise<void> {
  await openUrl(url);
}
