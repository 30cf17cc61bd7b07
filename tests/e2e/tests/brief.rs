//! End-to-end: on the Before a change screen, a pasted Rails migration is
//! briefed against the sample library: its signals are marked on their
//! lines, the story about the locked orders table comes first with why and
//! its open action, and one click opens it (see `tests/e2e/README.md`).

use std::time::Duration;

use kintsugi_e2e::{ensure, poll, testid, time_limit, App, Result, WAIT};
use serde_json::json;

/// Time limit of the test (a normal run takes well under a minute).
const TEST_LIMIT: Duration = Duration::from_secs(120);

/// The sample story about the orders table locked by a volatile default.
const ORDERS_STORY: &str = "ab158034-0b06-4971-a6f7-5d2ee2c8636d";
const ORDERS_TITLE: &str = "The UUID column that locked the orders table for two hours";

const MIGRATION: &str = "diff --git a/db/migrate/20240601_add_public_id_to_orders.rb b/db/migrate/20240601_add_public_id_to_orders.rb
new file mode 100644
--- /dev/null
+++ b/db/migrate/20240601_add_public_id_to_orders.rb
@@ -0,0 +1,6 @@
+class AddPublicIdToOrders < ActiveRecord::Migration[7.1]
+  def change
+    add_column :orders, :public_id, :uuid, null: false, default: -> { \"gen_random_uuid()\" }
+    add_index :orders, :public_id, unique: true
+  end
+end
";

#[tokio::test]
async fn a_pasted_diff_is_briefed_and_its_story_opens() -> Result<()> {
    time_limit(TEST_LIMIT, async {
        let app = App::start("brief").await?;
        app.click("load-sample").await?;
        app.wait_results("the sample stories", |rows| rows.len() == 12).await?;

        // A tripwire written in the editor, on the orders story.
        app.search("orders table").await?;
        app.wait_results("the orders story", |rows| rows.iter().any(|(id, _)| id == ORDERS_STORY))
            .await?;
        app.open_result(ORDERS_STORY, ORDERS_TITLE).await?;
        app.click("edit-story").await?;
        app.click("editor-add-tripwire").await?;
        app.type_into("editor-tripwire-name", "orders-public-id").await?;
        app.type_into("editor-tripwire-pattern", "add_column :orders").await?;
        app.type_into("editor-tripwire-message", "Backfill orders in batches, never in the migration").await?;
        app.click("editor-save").await?;
        app.wait_js(
            "the save to finish",
            WAIT,
            "const s = document.querySelector('[data-testid=\"editor-status\"]'); return !!s && s.textContent.includes('Saved as revision');",
        )
        .await?;

        app.click("nav-brief").await?;
        // Pasted, not typed key by key: the diff's indentation must survive.
        app.js(
            "const t = document.querySelector(arguments[0]); t.focus(); t.value = arguments[1]; t.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![json!(testid("brief-diff")), json!(MIGRATION)],
        )
        .await?;
        app.click("brief-run").await?;
        app.find("brief-result").await?;

        // The tripwire fires first, with the story that wrote it.
        let wire = app.text("brief-tripwire").await?;
        ensure!(
            wire.contains("orders-public-id") && wire.contains("Backfill orders in batches"),
            "the tripwire reads {wire:?}"
        );

        // The volatile default is marked on line 3 of the migration.
        let signals = poll("signals on the diff", WAIT, || async {
            let v = app
                .js(
                    "return Array.from(document.querySelectorAll(arguments[0])).map(s => s.innerText);",
                    vec![json!(testid("brief-signal"))],
                )
                .await?;
            let texts: Vec<String> = serde_json::from_value(v).unwrap_or_default();
            Ok((!texts.is_empty()).then_some(texts))
        })
        .await?;
        ensure!(
            signals.iter().any(|s| s.contains("column-default-rewrite")),
            "signals shown: {signals:?}"
        );

        // The orders story is among the first three, with why and its open action.
        let stories = app
            .js(
                "return Array.from(document.querySelectorAll(arguments[0])).map(s => s.dataset.storyId);",
                vec![json!(testid("brief-story"))],
            )
            .await?;
        let ids: Vec<String> = serde_json::from_value(stories).unwrap_or_default();
        ensure!(
            ids.iter().take(3).any(|id| id == ORDERS_STORY),
            "the orders story is not in the top 3: {ids:?}"
        );
        let card = format!("{}[data-story-id=\"{ORDERS_STORY}\"]", testid("brief-story"));
        let text = app
            .js("return document.querySelector(arguments[0]).innerText;", vec![json!(card)])
            .await?;
        let text = text.as_str().unwrap_or_default();
        ensure!(text.contains(ORDERS_TITLE), "the card reads {text:?}");
        ensure!(text.to_lowercase().contains("orders"), "no why on the card: {text:?}");
        app.dismiss_toasts().await?;
        app.js(
            "document.querySelector(arguments[0]).scrollIntoView();",
            vec![json!(testid("brief-result"))],
        )
        .await?;
        app.screenshot_for_docs("before-a-change").await?;

        // One click opens the story. In about one run in six the driver's
        // first click right after the screenshot's pointer moves was lost
        // (never reproduced by hand); a second click is allowed and said.
        let open = format!("{card} {}", testid("brief-open-story"));
        app.click_css(&open).await?;
        if app.wait_reader(ORDERS_TITLE).await.is_err() {
            eprintln!("brief e2e: the first click on the story did not open it; clicking again");
            app.click_css(&open).await?;
            app.wait_reader(ORDERS_TITLE).await?;
        }
        app.finish().await
    })
    .await
}
