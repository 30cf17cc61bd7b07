//! [`Clock`]: where the core learns what time it is.
//!
//! Every timestamp the core writes (revisions, trash, retros, read marks,
//! glossary entries) comes from the [`Clock`] a [`crate::Library`] was opened
//! with, so tests can pin time and nothing in the domain modules reads the
//! system clock behind the caller's back. This file is the one place allowed
//! to call `Utc::now()` (see `clippy.toml`).

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

/// A source of the current time. Cheap to clone.
#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>);

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        #[allow(clippy::disallowed_methods)] // the one sanctioned read of the system clock
        Clock(Arc::new(Utc::now))
    }

    /// A clock that always says `at`.
    pub fn fixed(at: DateTime<Utc>) -> Clock {
        Clock(Arc::new(move || at))
    }

    /// A clock driven by `f` (tests that need time to move).
    pub fn from_fn(f: impl Fn() -> DateTime<Utc> + Send + Sync + 'static) -> Clock {
        Clock(Arc::new(f))
    }

    /// The current time.
    pub fn now(&self) -> DateTime<Utc> {
        (self.0)()
    }

    /// Today's date in UTC.
    pub fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }
}

impl Default for Clock {
    fn default() -> Self {
        Clock::system()
    }
}

impl fmt::Debug for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Clock({})", self.now())
    }
}

/// A fixed instant for unit tests, which must not depend on when they run.
#[cfg(test)]
pub(crate) fn test_now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_700_000_000, 0).expect("a valid instant")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_does_not_move() {
        let at = DateTime::parse_from_rfc3339("2024-05-01T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let clock = Clock::fixed(at);
        assert_eq!(clock.now(), at);
        assert_eq!(clock.today().to_string(), "2024-05-01");
    }
}
