//! Before a change: briefing a diff, a range or staged changes against the
//! library (the rules live in [`crate::brief`]).

use super::Library;
use crate::brief::{BriefInput, BriefedChange, Briefing};
use crate::error::Result;

impl Library {
    /// Briefs a change (a diff, a revision range, the staged changes or
    /// free text): the signals it raises, the stories that apply with why,
    /// and the stories' tripwires that fire (see [`crate::brief`]).
    pub fn brief(&self, input: &BriefInput) -> Result<Briefing> {
        Ok(crate::brief::brief(&*self.read()?, self.index(), input)?.0)
    }

    /// Like [`Library::brief`], with the diff that was read, so that the
    /// app can show the change with its signals marked.
    pub fn brief_change(&self, input: &BriefInput) -> Result<BriefedChange> {
        let (briefing, diff) = crate::brief::brief(&*self.read()?, self.index(), input)?;
        Ok(BriefedChange {
            diff: String::from_utf8_lossy(&diff).into_owned(),
            briefing,
        })
    }
}
