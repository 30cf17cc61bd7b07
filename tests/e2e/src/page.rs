//! What a test does in the window: find elements, click, type, run
//! script, read search results, take screenshots of settled screens.

use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::Locator;
use serde_json::Value;

use crate::{ensure, poll, testid, timed, App, Error, Result, ESCAPE, WAIT};

impl App {
    /// Waits for a visible element matching the CSS selector.
    pub async fn find_css(&self, css: &str) -> Result<Element> {
        self.find_css_within(css, WAIT).await
    }

    /// Waits up to `timeout` for a visible element matching the CSS selector.
    pub async fn find_css_within(&self, css: &str, timeout: Duration) -> Result<Element> {
        let client = &self.client;
        poll(&format!("`{css}`"), timeout, || async move {
            match timed("find", client.find(Locator::Css(css))).await? {
                Ok(el)
                    if timed("is_displayed", el.is_displayed())
                        .await?
                        .unwrap_or(false) =>
                {
                    Ok(Some(el))
                }
                Ok(_) => Ok(None),
                Err(e) if e.is_no_such_element() => Ok(None),
                Err(e) => Err(e.into()),
            }
        })
        .await
    }

    /// Waits for the visible element with this `data-testid`.
    pub async fn find(&self, id: &str) -> Result<Element> {
        self.find_css(&testid(id)).await
    }

    /// Clicks the element matching `css` once it is visible, retrying while
    /// the UI re-renders it.
    pub async fn click_css(&self, css: &str) -> Result<()> {
        poll(&format!("a click on `{css}`"), WAIT, || async move {
            let el = self.find_css(css).await?;
            // A re-rendered (stale) or covered element is retried until
            // the deadline; the last error is reported if it never works.
            match timed("click", el.click()).await? {
                Ok(()) => Ok(Some(())),
                Err(e) => Err(e.into()),
            }
        })
        .await
    }

    /// Clicks the element with this `data-testid`.
    pub async fn click(&self, id: &str) -> Result<()> {
        self.click_css(&testid(id)).await
    }

    /// Types `text` into the element with this `data-testid` (after what is
    /// already there).
    pub async fn type_into(&self, id: &str, text: &str) -> Result<()> {
        let el = self.find(id).await?;
        timed("send_keys", el.send_keys(text)).await??;
        Ok(())
    }

    /// Replaces the text of the input with this `data-testid` by typing.
    pub async fn retype(&self, id: &str, text: &str) -> Result<()> {
        let el = self.find(id).await?;
        timed("clear", el.clear()).await??;
        if !text.is_empty() {
            timed("send_keys", el.send_keys(text)).await??;
        }
        let value = timed("prop", el.prop("value")).await??.unwrap_or_default();
        ensure!(
            value == text,
            "`{id}` holds {value:?} after typing {text:?}"
        );
        Ok(())
    }

    /// Runs `script` (a function body; arguments in `arguments`) in the page.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        Ok(timed("execute", self.client.execute(script, args)).await??)
    }

    /// Text content of the element with this `data-testid`, once visible.
    pub async fn text(&self, id: &str) -> Result<String> {
        Ok(timed("text", self.find(id).await?.text()).await??)
    }

    /// Waits until the page script `check` returns something other than
    /// `null`/`false`/`undefined`, and returns that.
    pub async fn wait_js(&self, what: &str, timeout: Duration, check: &str) -> Result<Value> {
        poll(what, timeout, || async move {
            let v = self.js(check, vec![]).await?;
            Ok(match v {
                Value::Null | Value::Bool(false) => None,
                v => Some(v),
            })
        })
        .await
    }

    /// The current search results as `(id, title)` pairs.
    pub async fn results(&self) -> Result<Vec<(String, String)>> {
        let v = self
            .js(
                "return Array.from(document.querySelectorAll('[data-testid=\"result\"]')).map(r => \
                 [r.dataset.id, r.querySelector('button.open').textContent.trim()]);",
                vec![],
            )
            .await?;
        Ok(v.as_array()
            .map(|rows| rows.iter().map(|r| (str_at(r, 0), str_at(r, 1))).collect())
            .unwrap_or_default())
    }

    /// Waits until the results satisfy `pred` (and no search is in flight),
    /// then returns them.
    pub async fn wait_results<P>(&self, what: &str, pred: P) -> Result<Vec<(String, String)>>
    where
        P: Fn(&[(String, String)]) -> bool,
    {
        let pred = &pred;
        let seen = std::cell::RefCell::new(Vec::new());
        let outcome = poll(what, WAIT, || {
            let seen = &seen;
            async move {
                let count = self.js(
                    "const c = document.querySelector('[data-testid=\"result-count\"]'); return c ? c.textContent : null;",
                    vec![],
                )
                .await?;
                let busy = count.as_str().is_none_or(|c| c.contains('…'));
                let rows = self.results().await?;
                let ok = !busy && pred(&rows);
                seen.replace(rows.clone());
                Ok(ok.then_some(rows))
            }
        })
        .await;
        outcome.map_err(|e| Error::new(format!("{e}; results were {:?}", seen.borrow())))
    }

    /// Goes to the library and searches for `query` by typing it.
    pub async fn search(&self, query: &str) -> Result<()> {
        self.click("nav-library").await?;
        let input = self.find("search-input").await?;
        timed("clear", input.clear()).await??;
        // Escape clears the query in the app itself, whatever clear() did.
        timed("send_keys", input.send_keys(ESCAPE)).await??;
        if !query.is_empty() {
            timed("send_keys", input.send_keys(query)).await??;
        }
        let value = timed("prop", input.prop("value"))
            .await??
            .unwrap_or_default();
        ensure!(
            value == query,
            "search box holds {value:?} after typing {query:?}"
        );
        Ok(())
    }

    /// Moves the mouse to an empty corner so no hover style shows.
    pub async fn park_pointer(&self) -> Result<()> {
        use fantoccini::actions::{InputSource, MouseActions, PointerAction};
        // The bottom-left corner, whatever size the window has.
        let height = self.js("return window.innerHeight;", vec![]).await?;
        let y = height.as_f64().unwrap_or(800.0) - 5.0;
        let park = MouseActions::new("mouse".to_owned()).then(PointerAction::MoveTo {
            duration: None,
            x: 4.0,
            y,
        });
        timed("perform_actions", self.client.perform_actions(park)).await??;
        timed("release_actions", self.client.release_actions()).await??;
        Ok(())
    }

    /// Closes every toast now on screen.
    pub async fn dismiss_toasts(&self) -> Result<()> {
        self.js(
            "document.querySelectorAll('.toasts button[aria-label=\"Dismiss\"]').forEach(b => b.click());",
            vec![],
        )
        .await?;
        self.wait_js(
            "toasts to close",
            WAIT,
            "return document.querySelectorAll('.toasts .toast').length === 0;",
        )
        .await?;
        Ok(())
    }

    /// Searches for `query` by typing it and waits for a result titled
    /// `title`; returns that story's id.
    pub async fn search_for(&self, query: &str, title: &str) -> Result<String> {
        self.search(query).await?;
        let rows = self
            .wait_results(&format!("a result titled {title:?}"), |rows| {
                rows.iter().any(|(_, t)| t == title)
            })
            .await?;
        rows.into_iter()
            .find(|(_, t)| t == title)
            .map(|(id, _)| id)
            .ok_or_else(|| Error::new(format!("no result titled {title:?}")))
    }

    /// Opens a search result by clicking its title; waits for the reader.
    pub async fn open_result(&self, id: &str, title: &str) -> Result<()> {
        self.click_css(&format!(
            "[data-testid=\"result\"][data-id=\"{id}\"] button.open"
        ))
        .await?;
        self.wait_reader(title).await
    }

    /// Waits until the reader shows the story titled `title`.
    pub async fn wait_reader(&self, title: &str) -> Result<()> {
        let want = serde_json::json!(title);
        let script = "const h = document.querySelector('[data-testid=\"story-title\"]'); return h ? h.textContent : null;";
        poll(&format!("the reader to show {title:?}"), WAIT, || {
            let want = &want;
            async move { Ok((self.js(script, vec![]).await? == *want).then_some(())) }
        })
        .await
    }
}

fn str_at(v: &Value, i: usize) -> String {
    v.get(i)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}
