//! The app's IPC surface, declared once. [`catalog`](self::catalog) lists
//! every command (see [`declare`](self::declare) for the form); from that one
//! list come the Tauri wrappers and their registration, the permission per
//! command (`build.rs` reads the same file), the capability grant, the typed
//! TypeScript functions in `ui/src/ipc/commands.ts` and the command table in
//! `src-tauri/README.md` ([`generated`]). `cargo test -p kintsugi-app`
//! rewrites the generated files; CI fails when they differ from the
//! committed ones, so the lists cannot drift.

#[macro_use]
mod declare;
mod catalog;
pub mod generated;

use kintsugi_core::{ErrorCode, IpcError};
use serde::de::DeserializeOwned;
use serde::Serialize;
use tauri::State;
use ts_rs::{Config, Dependency, TypeVisitor, TS};

use crate::state::{app_error, AppState};

pub use catalog::{dispatch, specs};
pub(crate) use catalog::{handler, wrappers};

/// One declared command.
#[derive(Debug, Clone)]
pub struct CommandSpec {
    /// Name on the wire; also the body's and the core operation's name.
    pub name: &'static str,
    /// The `commands/` file holding its body.
    pub module: &'static str,
    /// Its doc comment.
    pub doc: String,
    /// Arguments in order.
    pub args: Vec<ArgSpec>,
    /// A progress channel, if the command reports progress.
    pub progress: Option<ArgSpec>,
    /// What it returns.
    pub result: TypeSpec,
    /// What it changes (invalidated in the UI after it succeeds).
    pub invalidates: Vec<&'static str>,
}

/// A named argument of a command.
#[derive(Debug, Clone)]
pub struct ArgSpec {
    /// Rust (snake_case) name.
    pub name: &'static str,
    /// Its type.
    pub ty: TypeSpec,
}

/// A type as TypeScript sees it.
#[derive(Debug, Clone)]
pub struct TypeSpec {
    /// The TypeScript type expression.
    pub ts: String,
    /// Generated bindings it refers to: (type name, file in `bindings/`).
    pub imports: Vec<(String, String)>,
}

impl ArgSpec {
    /// The spec of argument `name` of type `T`.
    pub fn of<T: TS + 'static>(name: &'static str) -> ArgSpec {
        ArgSpec {
            name,
            ty: TypeSpec::of::<T>(),
        }
    }
}

impl TypeSpec {
    /// The TypeScript view of `T`.
    pub fn of<T: TS + 'static>() -> TypeSpec {
        let cfg = Config::default();
        let mut deps: Vec<Dependency> = T::dependencies(&cfg);
        deps.extend(Dependency::from_ty::<T>(&cfg));
        // `Vec<Story>` or `Option<Story>` name `Story` through a generic
        // parameter, which `dependencies` does not list.
        T::visit_generics(&mut Generics(&cfg, &mut deps));
        let ts = match T::name(&cfg).as_str() {
            "null" => "void".to_string(),
            other => other.to_string(),
        };
        // ts-rs lists dependencies recursively; import only the names the
        // expression itself uses.
        let named = |name: &str| {
            ts.split(|c: char| !c.is_alphanumeric() && c != '_')
                .any(|word| word == name)
        };
        let mut imports: Vec<(String, String)> = deps
            .into_iter()
            .filter(|d| named(&d.ts_name))
            .map(|d| {
                let file = d.output_path.with_extension("");
                (d.ts_name, file.to_string_lossy().replace('\\', "/"))
            })
            .collect();
        imports.sort();
        imports.dedup();
        TypeSpec { ts, imports }
    }
}

/// Collects exported types used as generic parameters, at any depth.
struct Generics<'a>(&'a Config, &'a mut Vec<Dependency>);

impl TypeVisitor for Generics<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        self.1.extend(Dependency::from_ty::<T>(self.0));
        T::visit_generics(self);
    }
}

/// Decodes argument `name` of `command` from what the webview sent (absent
/// is `null`, so `Option` arguments may be left out). A value of the wrong
/// shape is `invalid_argument`, naming the command and the argument.
pub fn argument<T: DeserializeOwned>(
    command: &str,
    name: &str,
    value: Option<serde_json::Value>,
) -> Result<T, IpcError> {
    serde_json::from_value(value.unwrap_or(serde_json::Value::Null)).map_err(|e| {
        app_error(
            ErrorCode::InvalidArgument,
            format!("`{command}`: argument `{}`: {e}", camel_case(name)),
        )
    })
}

/// A command's result as JSON (for [`dispatch`]).
pub fn to_json<T: Serialize>(value: &T) -> Result<serde_json::Value, IpcError> {
    serde_json::to_value(value).map_err(|e| IpcError::from(kintsugi_core::Error::from(e)))
}

/// `base_revision` → `baseRevision`, the key the webview sends.
pub fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Runs `body` with a clone of the state on Tauri's blocking pool, so
/// neither the main thread nor an async worker waits on SQLite or Tantivy.
pub(crate) async fn blocking<T, F>(state: State<'_, AppState>, body: F) -> Result<T, IpcError>
where
    T: Send + 'static,
    F: FnOnce(&AppState) -> Result<T, IpcError> + Send + 'static,
{
    let state = state.inner().clone();
    tauri::async_runtime::spawn_blocking(move || body(&state))
        .await
        .map_err(|e| app_error(ErrorCode::Internal, format!("background task failed: {e}")))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_arguments() {
        assert_eq!(camel_case("base_revision"), "baseRevision");
        assert_eq!(camel_case("id"), "id");
        let bad =
            argument::<uuid::Uuid>("get_story", "id", Some(serde_json::json!("nope"))).unwrap_err();
        assert_eq!(bad.code, ErrorCode::InvalidArgument);
        assert!(
            bad.message.contains("`get_story`: argument `id`"),
            "{}",
            bad.message
        );
        let absent: Option<u32> = argument("update_story", "base_revision", None).unwrap();
        assert_eq!(absent, None);
    }
}
