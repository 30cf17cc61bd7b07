//! How a command's outcome reaches the caller: JSON on stdout for scripts,
//! errors on stderr with their stable code, and the exit codes scripts rely
//! on (documented in `docs/cli.md`).

use std::io::{self, Write};
use std::process::ExitCode;

use serde::Serialize;

/// Exit code when an import stored what it could but some files failed.
pub const EXIT_IMPORT_ERRORS: u8 = 3;
/// Exit code when `lint` found wording worth a second look.
pub const EXIT_LINT_FINDINGS: u8 = 4;

/// Why a command stopped.
pub enum Failure {
    /// The core refused or failed; carries a stable code.
    Core(kintsugi_core::Error),
    /// Writing the output failed (a closed pipe is not reported).
    Output(io::Error),
}

impl From<kintsugi_core::Error> for Failure {
    fn from(e: kintsugi_core::Error) -> Self {
        Failure::Core(e)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Output(e)
    }
}

/// What a command returns.
pub type Outcome = Result<ExitCode, Failure>;

/// Reports `failure` on stderr and picks the exit code.
pub fn report(failure: Failure) -> ExitCode {
    match failure {
        Failure::Core(e) => {
            let _ = writeln!(
                anstream::stderr(),
                "kintsugi: error [{}]: {e}",
                code_name(&e)
            );
            ExitCode::FAILURE
        }
        // A closed pipe (`kintsugi search x | head`) is not an error.
        Failure::Output(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Failure::Output(e) => {
            let _ = writeln!(anstream::stderr(), "kintsugi: cannot write output: {e}");
            ExitCode::FAILURE
        }
    }
}

fn code_name(e: &kintsugi_core::Error) -> String {
    serde_json::to_value(e.code())
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Writes `value` as pretty JSON and a newline, in one write: standard
/// output is line-buffered, and JSON written piece by piece costs a system
/// call per line (hundreds for one page of search hits).
pub fn json(out: &mut impl Write, value: &impl Serialize) -> Result<(), Failure> {
    let mut text = serde_json::to_vec_pretty(value).map_err(|e| Failure::Core(e.into()))?;
    text.push(b'\n');
    out.write_all(&text)?;
    Ok(())
}

/// Reads FILE, or standard input for `-` or no file: (name for messages, text).
pub fn read_input(file: Option<&std::path::Path>) -> Result<(String, String), Failure> {
    match file.filter(|f| f.as_os_str() != "-") {
        Some(path) => Ok((
            path.display().to_string(),
            kintsugi_core::import::read_text(path)?,
        )),
        None => {
            let mut text = String::new();
            io::Read::read_to_string(&mut io::stdin(), &mut text)?;
            Ok(("<stdin>".to_string(), text))
        }
    }
}
