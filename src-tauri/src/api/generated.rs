//! Files generated from the command declaration: the typed TypeScript
//! functions (`ui/src/ipc/commands.ts`), the capability that grants the
//! window exactly the declared commands (`capabilities/main.json`), and the
//! command table in `src-tauri/README.md`. `cargo test -p kintsugi-app`
//! writes them (see `tests/generated.rs`); CI fails when the committed
//! copies differ.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use super::{camel_case, specs, ArgSpec, CommandSpec};

/// Where the generated files go, relative to the repository root.
pub const TYPESCRIPT: &str = "ui/src/ipc/commands.ts";
/// The capability file, relative to the repository root.
pub const CAPABILITY: &str = "src-tauri/capabilities/main.json";
/// The README with the command table, relative to the repository root.
pub const README: &str = "src-tauri/README.md";

const TABLE_START: &str = "<!-- commands:start (generated from src/api/catalog.rs) -->";
const TABLE_END: &str = "<!-- commands:end -->";

/// Writes every generated file under the repository `root`; returns the
/// paths whose content changed.
pub fn write_all(root: &Path) -> std::io::Result<Vec<String>> {
    let commands = specs();
    let mut changed = Vec::new();
    let readme_path = root.join(README);
    let readme = std::fs::read_to_string(&readme_path)?;
    for (path, text) in [
        (TYPESCRIPT, typescript(&commands)),
        (CAPABILITY, capability(&commands)),
        (README, with_table(&readme, &table(&commands))),
    ] {
        let file = root.join(path);
        if std::fs::read_to_string(&file).ok().as_deref() != Some(text.as_str()) {
            std::fs::write(&file, text)?;
            changed.push(path.to_string());
        }
    }
    Ok(changed)
}

/// The TypeScript functions, one per command, typed by the generated bindings.
pub fn typescript(commands: &[CommandSpec]) -> String {
    let mut imports = BTreeSet::new();
    let mut topics = BTreeSet::new();
    for c in commands {
        for arg in c.args.iter().chain(&c.progress) {
            imports.extend(arg.ty.imports.iter().cloned());
        }
        imports.extend(c.result.imports.iter().cloned());
        topics.extend(c.invalidates.iter().copied());
    }
    let mut out = String::from(
        "// Generated from src-tauri/src/api/catalog.rs by `cargo test -p kintsugi-app`; do not edit.\n\
         // One typed function per app command. A command that changes something\n\
         // invalidates it, so screens showing it reload (see ./invalidation.svelte.ts).\n\
         import { call, channel } from \"./client\";\n\
         import { invalidate } from \"./invalidation.svelte\";\n",
    );
    for (name, file) in &imports {
        let _ = writeln!(out, "import type {{ {name} }} from \"./bindings/{file}\";");
    }
    let topic_list: Vec<String> = topics.iter().map(|t| format!("\"{t}\"")).collect();
    let _ = writeln!(
        out,
        "\n/** What a command can change. */\nexport type Topic = {};",
        topic_list.join(" | ")
    );
    for c in commands {
        out.push('\n');
        out.push_str(&function(c));
    }
    out
}

fn function(c: &CommandSpec) -> String {
    let mut params: Vec<String> = Vec::new();
    // Trailing nullable arguments may be left out.
    let optional_from = c
        .args
        .iter()
        .rposition(|a| !a.ty.ts.ends_with("| null"))
        .map_or(0, |i| i + 1);
    for (i, arg) in c.args.iter().enumerate() {
        let default = if i >= optional_from && c.progress.is_none() {
            " = null"
        } else {
            ""
        };
        params.push(format!("{}: {}{default}", camel_case(arg.name), arg.ty.ts));
    }
    let mut keys: Vec<String> = c.args.iter().map(|a| camel_case(a.name)).collect();
    if let Some(p) = &c.progress {
        let name = camel_case(p.name);
        params.push(format!("{name}: (message: {}) => void", p.ty.ts));
        keys.push(format!("{name}: channel({name})"));
    }
    let args = if keys.is_empty() {
        String::new()
    } else {
        format!(", {{ {} }}", keys.join(", "))
    };
    let ret = &c.result.ts;
    let call = format!("call<{ret}>(\"{}\"{args})", c.name);
    let body = if c.invalidates.is_empty() {
        format!("  return await {call};\n")
    } else {
        let topics: Vec<String> = c.invalidates.iter().map(|t| format!("\"{t}\"")).collect();
        format!(
            "  const result = await {call};\n  invalidate({});\n  return result;\n",
            topics.join(", ")
        )
    };
    format!(
        "{}export async function {}({}): Promise<{ret}> {{\n{body}}}\n",
        doc(&c.doc),
        camel_case(c.name),
        params.join(", "),
    )
}

fn doc(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    match lines.as_slice() {
        [] => String::new(),
        [one] => format!("/** {one} */\n"),
        many => format!(
            "/**\n{} */\n",
            many.iter().map(|l| format!(" * {l}\n")).collect::<String>()
        ),
    }
}

/// The window's capability: the declared commands and the two plugins it needs.
pub fn capability(commands: &[CommandSpec]) -> String {
    let mut permissions: Vec<serde_json::Value> = commands
        .iter()
        .map(|c| serde_json::Value::from(format!("allow-{}", c.name.replace('_', "-"))))
        .collect();
    permissions.extend([
        serde_json::json!("dialog:allow-open"),
        serde_json::json!("dialog:allow-save"),
        serde_json::json!({
            "identifier": "opener:allow-open-url",
            "allow": [{ "url": "https://*" }, { "url": "http://*" }, { "url": "mailto:*" }]
        }),
    ]);
    let capability = serde_json::json!({
        "$schema": "../gen/schemas/desktop-schema.json",
        "identifier": "main",
        "description": "What the main window may do: the app's own commands (generated from src/api/catalog.rs), native open/save dialogs, and opening web and mail links in the system browser.",
        "windows": ["main"],
        "permissions": permissions,
    });
    let mut text = serde_json::to_string_pretty(&capability).unwrap_or_default();
    text.push('\n');
    text
}

/// The README's command table.
pub fn table(commands: &[CommandSpec]) -> String {
    let mut out = String::from("| command | arguments | returns | changes | what it does |\n| --- | --- | --- | --- | --- |\n");
    let cell = |s: &str| s.replace('|', "\\|");
    for c in commands {
        let mut args: Vec<String> = c.args.iter().map(arg_cell).collect();
        if let Some(p) = &c.progress {
            args.push(format!("{} (progress: {})", camel_case(p.name), p.ty.ts));
        }
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} |",
            c.name,
            cell(&if args.is_empty() {
                "–".to_string()
            } else {
                args.join(", ")
            }),
            cell(&c.result.ts),
            if c.invalidates.is_empty() {
                "–".to_string()
            } else {
                c.invalidates.join(", ")
            },
            cell(&c.doc.lines().map(str::trim).collect::<Vec<_>>().join(" ")),
        );
    }
    out
}

fn arg_cell(arg: &ArgSpec) -> String {
    format!("{}: {}", camel_case(arg.name), arg.ty.ts)
}

/// `readme` with the text between the table markers replaced by `table`
/// (the markers are appended if missing).
pub fn with_table(readme: &str, table: &str) -> String {
    match (readme.find(TABLE_START), readme.find(TABLE_END)) {
        (Some(start), Some(end)) if start < end => format!(
            "{}{TABLE_START}\n{table}{}",
            &readme[..start],
            &readme[end..]
        ),
        _ => format!("{readme}\n{TABLE_START}\n{table}{TABLE_END}\n"),
    }
}
