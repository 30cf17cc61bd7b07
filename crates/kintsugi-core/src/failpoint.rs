//! Failpoints: named moments between the steps of a write at which a test
//! can stop the process, to kill it there and check what a crash leaves.
//!
//! `KINTSUGI_FAILPOINT=<name>[:<n>]` makes the `n`th (default first) arrival
//! at failpoint `name` print `kintsugi: failpoint <name> reached` on stderr
//! and then wait forever, holding whatever transaction is open; the test
//! kills the process with SIGKILL. Without the variable a failpoint costs
//! one environment lookup. The team sync has its own stages, named in
//! `kintsugi-cli`'s `team.rs`, which use the same variable and message.
//!
//! Names are `<operation>.<step>`; every one is listed in
//! `docs/reliability.md`.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Stops here when `KINTSUGI_FAILPOINT` names `name` (see the module docs).
pub fn reached(name: &str) {
    let Ok(spec) = std::env::var("KINTSUGI_FAILPOINT") else {
        return;
    };
    let (wanted, n) = match spec.split_once(':') {
        Some((wanted, n)) => (wanted.trim(), n.trim().parse().unwrap_or(1)),
        None => (spec.trim(), 1),
    };
    if wanted != name {
        return;
    }
    static SEEN: AtomicUsize = AtomicUsize::new(0);
    if SEEN.fetch_add(1, Ordering::SeqCst) + 1 < n {
        return;
    }
    let _ = writeln!(std::io::stderr(), "kintsugi: failpoint {name} reached");
    loop {
        std::thread::sleep(std::time::Duration::from_secs(3600));
    }
}
