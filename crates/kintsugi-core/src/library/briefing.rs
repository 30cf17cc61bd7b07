//! Before a change: briefing a diff, a range or staged changes against the
//! library (the rules live in [`crate::brief`]).

use super::Library;
use crate::brief::{BriefInput, Briefing};
use crate::error::Result;

impl Library {
    /// Briefs a change (a diff, a revision range, the staged changes or
    /// free text): the signals it raises, the stories that apply with why,
    /// and the stories' tripwires that fire (see [`crate::brief`]).
    pub fn brief(&self, input: &BriefInput) -> Result<Briefing> {
        crate::brief::brief(&*self.read()?, &self.index(), input)
    }
}
