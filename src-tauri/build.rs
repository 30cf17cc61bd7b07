//! Generates the Tauri context and one `allow-<command>` permission per app
//! command, so every command has to be granted in `capabilities/` explicitly.
//! The command names are read from the one declaration, `src/api/catalog.rs`
//! (a test checks that this reading agrees with the compiled declaration).

const CATALOG: &str = "src/api/catalog.rs";

fn main() {
    println!("cargo:rerun-if-changed={CATALOG}");
    let catalog = match std::fs::read_to_string(CATALOG) {
        Ok(text) => text,
        Err(error) => panic!("cannot read {CATALOG}: {error}"),
    };
    // The manifest wants 'static names; a build script may leak them.
    let names: Vec<&'static str> = command_names(&catalog)
        .into_iter()
        .map(|name| &*Box::leak(name.into_boxed_str()))
        .collect();
    let manifest = tauri_build::AppManifest::new().commands(Box::leak(names.into_boxed_slice()));
    if let Err(error) =
        tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
    {
        panic!("tauri build script failed: {error:#}");
    }
}

/// `module::name(` at the start of a line inside `commands! { … }`.
fn command_names(catalog: &str) -> Vec<String> {
    let Some(start) = catalog.find("commands! {") else {
        panic!("{CATALOG} has no `commands! {{` block");
    };
    catalog[start..]
        .lines()
        .skip(1)
        .filter_map(|line| {
            let line = line.trim_start();
            let (module, rest) = line.split_once("::")?;
            let name = rest.split_once('(')?.0;
            let ident =
                |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            (ident(module) && ident(name)).then(|| name.to_string())
        })
        .collect()
}
