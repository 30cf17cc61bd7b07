//! The phases of a blame-aware retrospective and the prompts a facilitator
//! cycles through in each. Wording follows the sources in `docs/lint.md`:
//! ask how, not who; look for what made actions reasonable at the time;
//! several contributing factors, never one root cause.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A phase of the retro, in the order they are run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum RetroPhase {
    /// Ground rules.
    SetStage,
    /// Events first, with detection, mitigation and resolution marked.
    Timeline,
    /// What helped.
    WentWell,
    /// What hurt.
    WentWrong,
    /// Where it could have been worse.
    GotLucky,
    /// Conditions that together allowed the incident.
    ContributingFactors,
    /// Follow-ups, each linked to a factor.
    ActionItems,
    /// Review, publish, and the two-question check on the retro itself.
    WrapUp,
}

impl RetroPhase {
    /// All phases in order.
    pub const ALL: [RetroPhase; 8] = [
        RetroPhase::SetStage,
        RetroPhase::Timeline,
        RetroPhase::WentWell,
        RetroPhase::WentWrong,
        RetroPhase::GotLucky,
        RetroPhase::ContributingFactors,
        RetroPhase::ActionItems,
        RetroPhase::WrapUp,
    ];
}

/// What the app shows for a phase.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PhaseGuide {
    /// The phase.
    pub phase: RetroPhase,
    /// Short name.
    pub title: &'static str,
    /// What this phase is for.
    pub purpose: &'static str,
    /// Questions to cycle through.
    pub prompts: Vec<&'static str>,
    /// Suggested length in minutes (for the optional timer).
    pub minutes: u32,
}

/// The guide of every phase, in order.
pub fn guides() -> Vec<PhaseGuide> {
    RetroPhase::ALL.iter().map(|p| guide(*p)).collect()
}

/// The guide of one phase.
pub fn guide(phase: RetroPhase) -> PhaseGuide {
    let (title, purpose, prompts, minutes): (&str, &str, &[&str], u32) = match phase {
        RetroPhase::SetStage => (
            "Set the stage",
            "We are here to learn how the system let this happen, not to find who to blame. Everyone acted in ways that made sense to them at the time, with what they knew.",
            &[
                "We look for how the system let this happen, and what made actions look reasonable at the time.",
                "Hindsight is not foresight: we try to see what people could see then, not what we know now.",
                "Describe conditions, not character: no \"should have\", no \"human error\".",
                "Everyone here is the expert on their own part of the story. What would make it easy to say what really happened?",
            ],
            5,
        ),
        RetroPhase::Timeline => (
            "Timeline first",
            "Build the sequence of events before anyone explains it. Mark when the problem was detected, mitigated and resolved. Ideas for fixes go to the parking lot for later.",
            &[
                "What happened first? What was the earliest sign, even if nobody saw it then?",
                "How did you notice? What did the alert, dashboard or customer report say?",
                "What did you know at that point, and what did you try next?",
                "When was the impact mitigated, and when was it resolved?",
            ],
            20,
        ),
        RetroPhase::WentWell => (
            "What went well",
            "What helped: tools, habits, people, luck that we can turn into design.",
            &[
                "What helped us notice, decide or recover faster?",
                "Which tool, runbook or habit paid off?",
                "What would we want to happen again next time?",
            ],
            10,
        ),
        RetroPhase::WentWrong => (
            "What went wrong",
            "What made the incident worse or longer, described as conditions.",
            &[
                "What made it harder to see what was happening?",
                "Where did the tools or the process get in the way?",
                "What surprised you about how the system behaved?",
            ],
            10,
        ),
        RetroPhase::GotLucky => (
            "Where we got lucky",
            "Things that went our way by chance: each is a risk that still exists.",
            &[
                "What could have made this much worse, and why didn't it?",
                "Which timing, person or coincidence saved us?",
            ],
            5,
        ),
        RetroPhase::ContributingFactors => (
            "Contributing factors",
            "Several conditions came together; name each as a property of the system, not a person. There is no single root cause.",
            &[
                "How did the system allow this to happen?",
                "What made the actions taken look reasonable at the time?",
                "How did you decide what to do? What information did you have?",
                "What pressures (time, goals, workload) were in play?",
            ],
            15,
        ),
        RetroPhase::ActionItems => (
            "Action items",
            "Changes to the system, each with an owning role and a due date, linked to the factor it addresses. Bring back the parking lot.",
            &[
                "Which factor does this change address?",
                "Does this change the system, or only ask people to be careful?",
                "Who (which role) owns it, and by when?",
                "What from the parking lot still matters?",
            ],
            15,
        ),
        RetroPhase::WrapUp => (
            "Wrap-up",
            "Review the postmortem, publish it to the library, and check the retro itself.",
            &[
                "Did someone learn something that changes how they will work?",
                "Would people come to the next retro?",
                "Is anything in the write-up worded as blame or hindsight?",
            ],
            5,
        ),
    };
    PhaseGuide {
        phase,
        title,
        purpose,
        prompts: prompts.to_vec(),
        minutes,
    }
}
