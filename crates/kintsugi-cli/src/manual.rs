//! What the command says about itself outside `--help`: shell completions
//! and the manual page, both generated from the argument definitions so
//! that they can never disagree with them. The Debian package installs
//! their output (see `scripts/package-deb`).

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;
use clap_complete::Shell;

use crate::args::Args;
use crate::output::Outcome;

/// Writes the completion script for `shell`.
pub fn completions(out: &mut dyn Write, shell: Shell) -> Outcome {
    let mut command = Args::command();
    clap_complete::generate(shell, &mut command, "kintsugi", out);
    Ok(ExitCode::SUCCESS)
}

/// Writes the manual page, `kintsugi(1)`: the main page, then every
/// subcommand's full help, so that `man kintsugi` is the whole reference.
pub fn man(out: &mut dyn Write) -> Outcome {
    let mut command = Args::command();
    clap_mangen::Man::new(command.clone()).render(out)?;
    command.build();
    writeln!(out, ".SH \"COMMANDS IN DETAIL\"")?;
    for sub in command.get_subcommands_mut().filter(|s| !s.is_hide_set()) {
        writeln!(out, ".SS \"kintsugi {}\"", sub.get_name())?;
        writeln!(out, ".nf")?;
        let help = sub.render_long_help().to_string();
        for line in help.lines() {
            writeln!(out, "{}", roff_line(line))?;
        }
        writeln!(out, ".fi")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// One line of text inside `.nf`: backslashes escaped, and a leading `.`
/// or `'` guarded so that roff does not read the line as a request.
fn roff_line(line: &str) -> String {
    let escaped = line.replace('\\', "\\e");
    if escaped.starts_with('.') || escaped.starts_with('\'') {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

#[cfg(test)]
mod tests {
    use super::roff_line;

    #[test]
    fn lines_that_look_like_requests_are_guarded() {
        assert_eq!(roff_line(".SH x"), "\\&.SH x");
        assert_eq!(roff_line("a\\b"), "a\\eb");
        assert_eq!(roff_line("plain"), "plain");
    }
}
