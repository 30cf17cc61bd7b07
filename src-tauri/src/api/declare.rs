//! The `commands!` macro: one declaration per app command becomes its
//! `#[tauri::command]` wrapper, its registration, a by-name [`dispatch`]
//! for tests, and the [`CommandSpec`] from which the TypeScript functions,
//! the capability grant and the README table are generated.
//!
//! A declaration reads like the body it calls:
//!
//! ```text
//! /// Doc comment, copied to TypeScript.
//! stories::update_story(id: Uuid, content: StoryContent, base_revision: Option<u32>) -> Story [stories];
//! transfer::import_paths(paths: Vec<PathBuf>; progress on_progress: ImportProgress) -> ImportReport [stories];
//! ```
//!
//! `module::name` is the body `crate::commands::module::name(&AppState, args…)`;
//! the name is also the core operation's. Arguments arrive as JSON and are
//! decoded here, so a bad argument is `invalid_argument` like every other
//! failure (`{code, message}`), never a bare string from Tauri. A
//! `progress` argument is a Tauri channel; the body sees `&mut dyn FnMut(&T)`.
//! `[topics]` name what the command changes: the generated TypeScript
//! invalidates them after it succeeds, so screens showing them reload.
//!
//! [`dispatch`]: crate::api::dispatch
//! [`CommandSpec`]: crate::api::CommandSpec

/// Declares every app command once; see the module docs.
macro_rules! commands {
    ($(
        $(#[doc = $doc:expr])*
        $module:ident :: $name:ident (
            $($arg:ident : $ty:ty),* $(,)?
            $(; progress $progress:ident : $pty:ty)?
        ) -> $ret:ty $([$($topic:ident),* $(,)?])? ;
    )*) => {
        /// The `#[tauri::command]` wrappers the webview calls.
        pub(crate) mod wrappers {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[tauri::command]
                pub(crate) async fn $name(
                    state: tauri::State<'_, $crate::state::AppState>,
                    $($arg: Option<serde_json::Value>,)*
                    $($progress: tauri::ipc::Channel<$pty>,)?
                ) -> Result<$ret, kintsugi_core::IpcError> {
                    $(let $arg: $ty = $crate::api::argument(stringify!($name), stringify!($arg), $arg)?;)*
                    $crate::api::blocking(state, move |state| {
                        $crate::commands::$module::$name(
                            state,
                            $($arg,)*
                            $(&mut |message: &$pty| {
                                // A closed window drops its channel; the work goes on.
                                let _ = $progress.send(message.clone());
                            })?
                        )
                    })
                    .await
                }
            )*
        }

        /// Registers every wrapper with Tauri.
        macro_rules! handler {
            () => {
                tauri::generate_handler![$($crate::api::wrappers::$name),*]
            };
        }
        pub(crate) use handler;

        /// Every command as declared.
        pub fn specs() -> Vec<$crate::api::CommandSpec> {
            vec![$(
                $crate::api::CommandSpec {
                    name: stringify!($name),
                    module: stringify!($module),
                    doc: [$($doc),*].join("\n"),
                    args: vec![$($crate::api::ArgSpec::of::<$ty>(stringify!($arg))),*],
                    progress: None$(.or(Some($crate::api::ArgSpec::of::<$pty>(stringify!($progress)))))?,
                    result: $crate::api::TypeSpec::of::<$ret>(),
                    invalidates: vec![$($(stringify!($topic)),*)?],
                }
            ),*]
        }

        /// Runs command `name` with `args` (a JSON object keyed by the
        /// camelCase argument names, as the webview sends them), exactly as
        /// the wrapper would, without a window. Progress messages are dropped.
        pub fn dispatch(
            state: &$crate::state::AppState,
            name: &str,
            args: serde_json::Value,
        ) -> Result<serde_json::Value, kintsugi_core::IpcError> {
            match name {
                $(stringify!($name) => {
                    $(let $arg: $ty = $crate::api::argument(
                        stringify!($name),
                        stringify!($arg),
                        args.get($crate::api::camel_case(stringify!($arg))).cloned(),
                    )?;)*
                    let out = $crate::commands::$module::$name(
                        state,
                        $($arg,)*
                        $(&mut |_: &$pty| {})?
                    )?;
                    $crate::api::to_json(&out)
                })*
                other => Err($crate::state::app_error(
                    kintsugi_core::ErrorCode::InvalidArgument,
                    format!("there is no command `{other}`"),
                )),
            }
        }
    };
}
