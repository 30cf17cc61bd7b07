//! End-to-end: a whole blame-aware retrospective in the real window, from
//! "Start retro" through every phase to a published, searchable postmortem
//! (see `tests/e2e/README.md` for the harness).

use std::time::Duration;

use fantoccini::Locator;
use kintsugi_e2e::{ensure, poll, testid, time_limit, App, Error, Result, ENTER, ESCAPE, WAIT};
use serde_json::json;

/// Time limit of the test (a normal run takes well under a minute).
const TEST_LIMIT: Duration = Duration::from_secs(150);

const TITLE: &str = "Replica lag took checkout reads down";
const BLAME: &str = "Dana should have checked the replica";
const REWORDED: &str = "The replica check was not in the runbook";
const FACTOR: &str = "Replica lag was not alerted on";

/// WebDriver key codes: Alt (sticky until NULL), ArrowUp, NULL.
const ALT: &str = "\u{e00a}";
const ARROW_UP: &str = "\u{e013}";
const RELEASE: &str = "\u{e000}";

/// How many elements carry this `data-testid` right now.
async fn count(app: &App, id: &str) -> Result<usize> {
    let v = app
        .js(
            "return document.querySelectorAll(arguments[0]).length;",
            vec![json!(testid(id))],
        )
        .await?;
    Ok(usize::try_from(v.as_u64().unwrap_or(0)).unwrap_or(0))
}

/// Waits until exactly `n` elements carry this `data-testid`.
async fn wait_count(app: &App, id: &str, n: usize) -> Result<()> {
    let last = std::cell::Cell::new(0);
    let outcome = poll(&format!("{n} × `{id}`"), WAIT, || {
        let last = &last;
        async move {
            last.set(count(app, id).await?);
            Ok((last.get() == n).then_some(()))
        }
    })
    .await;
    outcome.map_err(|e| Error::new(format!("{e}; saw {}", last.get())))
}

/// The `value` (inputs) or text of every element with this `data-testid`.
async fn values(app: &App, id: &str) -> Result<Vec<String>> {
    let v = app
        .js(
            "return Array.from(document.querySelectorAll(arguments[0])).map(e => 'value' in e ? e.value : e.textContent.trim());",
            vec![json!(testid(id))],
        )
        .await?;
    Ok(v.as_array()
        .map(|a| {
            a.iter()
                .map(|x| x.as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default())
}

/// Chooses `value` in the `index`-th select with this `data-testid`, the
/// way the browser reports a person's choice (a `change` event).
async fn choose(app: &App, id: &str, index: usize, value: &str) -> Result<()> {
    app.find(id).await?;
    let ok = app
        .js(
            "const s = document.querySelectorAll(arguments[0])[arguments[1]]; if (!s) return false; \
             s.value = arguments[2]; s.dispatchEvent(new Event('change', { bubbles: true })); return s.value === arguments[2];",
            vec![json!(testid(id)), json!(index), json!(value)],
        )
        .await?;
    ensure!(
        ok == json!(true),
        "could not choose {value:?} in `{id}` #{index}"
    );
    Ok(())
}

/// Types into the `index`-th element with this `data-testid`.
async fn type_nth(app: &App, id: &str, index: usize, text: &str) -> Result<()> {
    app.find(id).await?;
    let all = app.client().find_all(Locator::Css(&testid(id))).await?;
    let el = all
        .get(index)
        .ok_or_else(|| Error::new(format!("no `{id}` #{index}")))?;
    el.send_keys(text).await?;
    Ok(())
}

/// Goes to the next phase and waits for it.
async fn next_phase(app: &App, phase: &str) -> Result<()> {
    app.click("phase-next").await?;
    app.wait_js(
        &format!("the {phase} phase"),
        WAIT,
        &format!("const b = document.querySelector('[data-testid=\"phase-body\"]'); return !!b && b.dataset.phase === '{phase}';"),
    )
    .await?;
    Ok(())
}

/// Waits until every change is stored ("Saved …").
async fn wait_saved(app: &App) -> Result<()> {
    app.wait_js(
        "the retro to be saved",
        WAIT,
        "const s = document.querySelector('[data-testid=\"retro-status\"]'); return !!s && s.textContent.startsWith('Saved');",
    )
    .await?;
    Ok(())
}

/// Adds a note in the current notes phase (Enter keeps the focus in the box).
async fn add_note(app: &App, text: &str, expected: usize) -> Result<()> {
    app.type_into("note-input", &format!("{text}{ENTER}"))
        .await?;
    wait_count(app, "note", expected).await?;
    let focused = app
        .js(
            "return document.activeElement && document.activeElement.dataset.testid;",
            vec![],
        )
        .await?;
    ensure!(
        focused == json!("note-input"),
        "focus left the note box: {focused}"
    );
    Ok(())
}

#[tokio::test]
async fn run_a_whole_retro_and_publish_it() -> Result<()> {
    time_limit(TEST_LIMIT, async {
        let app = App::start("retro").await?;
        let outcome = whole_retro(&app).await;
        if let Err(e) = outcome {
            // Leave a picture and the page text of where it stopped.
            let _ = app.screenshot("retro-failure").await;
            let text = app
                .js("return document.querySelector('main').innerText;", vec![])
                .await
                .unwrap_or_default();
            return Err(Error::new(format!(
                "{e}\n--- page ---\n{}",
                text.as_str().unwrap_or_default()
            )));
        }
        app.finish().await
    })
    .await
}

async fn whole_retro(app: &App) -> Result<()> {
    {
        // ---- start
        app.click("nav-retros").await?;
        app.find("check-trend").await?;
        app.type_into("retro-title-new", TITLE).await?;
        app.click("retro-start").await?;
        app.wait_js(
            "the facilitation screen",
            WAIT,
            &format!("const h = document.querySelector('[data-testid=\"retro-heading\"]'); return !!h && h.textContent === {};", json!(TITLE)),
        )
        .await?;

        // ---- 1. set the stage: ground rules, participants, time zone, prompts, timer
        ensure!(
            app.text("phase-title").await?.contains("Set the stage"),
            "not in set the stage"
        );
        ensure!(count(app, "ground-rules").await? == 1, "no ground rules");
        app.type_into("participant-input", &format!("Dana Whitfield{ENTER}"))
            .await?;
        app.type_into("participant-input", &format!("Sam Okafor{ENTER}"))
            .await?;
        wait_count(app, "participant", 2).await?;
        app.retype("retro-zone", "Europe/Berlin").await?;
        let first_prompt = app.text("phase-prompt").await?;
        app.click("next-prompt").await?;
        let second_prompt = app.text("phase-prompt").await?;
        ensure!(
            first_prompt != second_prompt,
            "Next prompt kept {first_prompt:?}"
        );
        ensure!(
            app.text("timer").await? == "05:00",
            "set-the-stage timer is not 5 minutes"
        );
        app.click("timer-toggle").await?;
        app.wait_js(
            "the timer to run",
            WAIT,
            "return document.querySelector('[data-testid=\"timer\"]').textContent !== '05:00';",
        )
        .await?;
        app.click("timer-toggle").await?;

        // ---- 2. timeline, in Berlin time, with markers and a parked idea
        next_phase(app, "timeline").await?;
        let events = [
            (
                "2024-03-01 14:00",
                "Replica falls behind the primary",
                "start",
            ),
            (
                "14:20",
                "Lag alert fires in the on-call channel",
                "detection",
            ),
            ("14:45", "Checkout reads moved to the primary", "mitigation"),
            ("15:30", "Replica caught up, reads back on it", "resolution"),
        ];
        for (i, (time, text, marker)) in events.iter().enumerate() {
            app.retype("new-event-time", time).await?;
            choose(app, "new-event-marker", 0, marker).await?;
            app.type_into("new-event-text", &format!("{text}{ENTER}"))
                .await?;
            wait_count(app, "timeline-event", i + 1).await?;
        }
        let times = values(app, "event-time").await?;
        ensure!(
            times
                == [
                    "2024-03-01 14:00",
                    "2024-03-01 14:20",
                    "2024-03-01 14:45",
                    "2024-03-01 15:30"
                ],
            "event times {times:?}"
        );
        // Durations refresh shortly after the last change: wait for the last one.
        app.wait_js(
            "time to resolve",
            WAIT,
            "return document.querySelector('[data-testid=\"ttr\"]').textContent === '1 h 30 min';",
        )
        .await?;
        let ttd = app.text("ttd").await?;
        ensure!(ttd == "20 min", "time to detect: {ttd:?}");
        let ttm = app.text("ttm").await?;
        ensure!(ttm == "45 min", "time to mitigate: {ttm:?}");
        let markers = app
            .js("return Array.from(document.querySelectorAll('[data-testid=\"timeline-event\"]')).map(e => e.dataset.marker);", vec![])
            .await?;
        ensure!(
            markers == json!(["start", "detection", "mitigation", "resolution"]),
            "markers {markers}"
        );

        // Reorder: a button moves the first event down, Alt+↑ moves it back.
        app.click_css(&format!(
            "{} {}",
            testid("timeline-event"),
            testid("event-down")
        ))
        .await?;
        let texts = values(app, "event-text").await?;
        ensure!(texts[1] == events[0].1, "move down gave {texts:?}");
        type_nth(app, "event-text", 1, &format!("{ALT}{ARROW_UP}{RELEASE}")).await?;
        poll("Alt+↑ to move the event back", WAIT, || async {
            Ok((values(app, "event-text").await?[0] == events[0].1).then_some(()))
        })
        .await?;

        // The zone only changes how times read: in UTC the same instants are an hour earlier.
        app.click("phase-set-stage").await?;
        app.retype("retro-zone", "UTC").await?;
        app.click("phase-timeline").await?;
        poll("times shown in UTC", WAIT, || async {
            Ok(
                (values(app, "event-time").await?.first().map(String::as_str)
                    == Some("2024-03-01 13:00"))
                .then_some(()),
            )
        })
        .await?;
        app.type_into("park-input", &format!("Alert on replica lag sooner{ENTER}"))
            .await?;
        wait_count(app, "parked-idea", 1).await?;

        // ---- 3. what went well
        next_phase(app, "went-well").await?;
        add_note(app, "The lag dashboard showed the problem at once", 1).await?;
        app.click("note-vote").await?;
        ensure!(app.text("note-votes").await? == "1", "vote not counted");

        // ---- 4. what went wrong: the language nudge, then merge
        next_phase(app, "went-wrong").await?;
        app.type_into("note-input", BLAME).await?;
        app.find("lint-finding").await?;
        app.type_into("note-input", ENTER).await?;
        wait_count(app, "note", 1).await?;
        app.find("lint-finding").await?;
        let rules = app
            .js("return Array.from(document.querySelectorAll('[data-testid=\"lint-finding\"]')).map(f => f.dataset.rule);", vec![])
            .await?;
        ensure!(
            rules.as_array().is_some_and(|r| !r.is_empty()),
            "no rules in {rules}"
        );
        app.screenshot_for_docs("retro").await?;
        app.retype("note-text", REWORDED).await?;
        wait_count(app, "lint-finding", 0).await?;
        add_note(app, "Replica check missing from the runbook", 2).await?;
        type_nth(app, "note-select", 0, " ").await?;
        type_nth(app, "note-select", 1, " ").await?;
        app.click("merge-notes").await?;
        wait_count(app, "note", 1).await?;
        let merged = values(app, "note-text").await?;
        ensure!(
            merged[0].starts_with(REWORDED),
            "merged note reads {merged:?}"
        );

        // ---- 5. where we got lucky
        next_phase(app, "got-lucky").await?;
        add_note(app, "The lag started outside the sales peak", 1).await?;

        // ---- 6. contributing factors
        next_phase(app, "contributing-factors").await?;
        add_note(app, FACTOR, 1).await?;

        // ---- 7. action items: the parked idea comes back and becomes one
        next_phase(app, "action-items").await?;
        wait_count(app, "parked-idea", 1).await?;
        app.click("promote-idea").await?;
        wait_count(app, "retro-action", 1).await?;
        wait_count(app, "parked-idea", 0).await?;
        app.type_into(
            "action-input",
            &format!("Page on replica lag over 30 seconds{ENTER}"),
        )
        .await?;
        wait_count(app, "retro-action", 2).await?;
        type_nth(app, "action-owner", 1, "SRE on call").await?;
        let factor_id = app
            .js("return document.querySelector('[data-testid=\"action-factor\"] option:nth-child(2)').value;", vec![])
            .await?;
        choose(
            app,
            "action-factor",
            1,
            factor_id.as_str().unwrap_or_default(),
        )
        .await?;
        let factor_label = app
            .js("const s = document.querySelectorAll('[data-testid=\"action-factor\"]')[1]; return s.options[s.selectedIndex].textContent;", vec![])
            .await?;
        ensure!(
            factor_label == json!(FACTOR),
            "the action is linked to {factor_label}"
        );

        // ---- 8. wrap-up: review, the two questions, publish
        next_phase(app, "wrap-up").await?;
        let preview = app.text("retro-preview").await?;
        for want in [
            TITLE,
            FACTOR,
            REWORDED,
            "Page on replica lag over 30 seconds",
            "SRE on call",
            "Detected",
        ] {
            ensure!(
                preview.contains(want),
                "the preview lacks {want:?}:\n{preview}"
            );
        }
        app.click("check-learned-yes").await?;
        app.click("check-again-no").await?;
        wait_saved(app).await?;

        // Presenter view: large type, Esc leaves.
        app.click("presenter-toggle").await?;
        let shown = app.text("presenter-phase").await?;
        ensure!(shown.contains("Wrap-up"), "presenter shows {shown:?}");
        ensure!(
            !app.text("presenter-prompt").await?.is_empty(),
            "presenter has no prompt"
        );
        app.screenshot("retro-presenter").await?;
        app.find("presenter").await?.send_keys(ESCAPE).await?;
        wait_count(app, "presenter", 0).await?;

        app.click("retro-publish").await?;
        app.find("published").await?;
        app.dismiss_toasts().await?;
        app.click("open-published").await?;
        app.wait_js(
            "the reader to show the published retro",
            WAIT,
            &format!("const h = document.querySelector('[data-testid=\"story-title\"]'); return !!h && h.textContent === {};", json!(TITLE)),
        )
        .await?;

        // ---- the library finds it by a word from it
        app.search("runbook").await?;
        app.wait_results("the published retro for `runbook`", |rows| {
            rows.iter().any(|(_, t)| t == TITLE)
        })
        .await?;

        // ---- the check trend and the action items across the library
        app.click("nav-retros").await?;
        let trend = app.text("check-trend").await?;
        ensure!(
            trend.contains("1 of 1") && trend.contains("0 of 1"),
            "check trend says {trend:?}"
        );
        app.click("nav-actions").await?;
        wait_count(app, "action-item", 2).await?;
        app.click("action-toggle").await?;
        wait_count(app, "action-item", 1).await?;
        choose(app, "actions-status", 0, "done").await?;
        app.wait_js(
            "the done item under Done",
            WAIT,
            "const t = document.querySelectorAll('[data-testid=\"action-toggle\"]'); return t.length === 1 && t[0].checked;",
        )
        .await?;

        // The smallest width the app allows (WebKitWebDriver cannot resize
        // the window, so the page is narrowed) and the dark theme: pictures to look at.
        app.js("document.body.style.width = '1024px';", vec![])
            .await?;
        app.click("nav-retros").await?;
        app.click_css(&format!("{} button.open", testid("retro-item")))
            .await?;
        app.click("phase-timeline").await?;
        app.find("timeline-event").await?;
        app.screenshot("retro-timeline-1024").await?;
        app.click("phase-action-items").await?;
        app.find("retro-action").await?;
        app.screenshot("retro-actions-1024").await?;
        app.click("nav-settings").await?;
        app.click("theme-dark").await?;
        app.click("nav-retros").await?;
        app.click_css(&format!("{} button.open", testid("retro-item")))
            .await?;
        app.click("phase-wrap-up").await?;
        app.find("retro-preview").await?;
        app.screenshot("retro-wrapup-dark").await?;
        app.click("nav-actions").await?;
        app.find("actions-status").await?;
        app.screenshot("actions-dark").await?;
    }
    Ok(())
}

#[tokio::test]
async fn the_story_editor_nudges_too() -> Result<()> {
    time_limit(TEST_LIMIT, async {
        let app = App::start("editor-nudges").await?;
        app.click("nav-new").await?;
        app.type_into("editor-summary", "The root cause was human error.")
            .await?;
        app.find("lint-finding").await?;
        let rules = app
            .js(
                "return Array.from(document.querySelectorAll('[data-testid=\"lint-finding\"]')).map(f => f.dataset.rule);",
                vec![],
            )
            .await?;
        ensure!(
            rules == json!(["root-cause", "human-error"]),
            "summary findings {rules}"
        );
        app.retype(
            "editor-summary",
            "A schema change locked the orders table for 40 minutes.",
        )
        .await?;
        wait_count(&app, "lint-finding", 0).await?;
        // Saving is never blocked by a nudge.
        app.type_into("editor-title", "Lock timeout").await?;
        app.type_into("editor-body", "Obviously the migration should have had a lock timeout.")
            .await?;
        app.find("lint-finding").await?;
        app.click("editor-save").await?;
        app.wait_js(
            "the new story to be created",
            WAIT,
            "const h = document.querySelector('[data-testid=\"editor-heading\"]'); return !!h && h.textContent === 'Edit story';",
        )
        .await?;
        app.dismiss_toasts().await?;
        app.search("lock timeout").await?;
        app.wait_results("the saved story", |rows| {
            rows.iter().any(|(_, t)| t == "Lock timeout")
        })
        .await?;
        app.finish().await
    })
    .await
}
