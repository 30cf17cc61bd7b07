//! Names a change is about: tables, columns, jobs, feature flags, hosts and
//! services, read from the added lines (and, for flags, removed ones). They
//! sharpen matching: a story that mentions `orders` or `token-vault` shares
//! more with a change to them than one that only shares a tag.
//!
//! Invariant: each list is de-duplicated, lowercase, sorted, and holds at
//! most [`MAX_PER_KIND`] names, so a huge diff cannot flood the query.

use std::collections::{BTreeSet, HashSet};

use serde::Serialize;
use ts_rs::TS;

use super::changes::ChangedFile;
use super::rules::Pattern;

/// Most names kept of each kind.
pub const MAX_PER_KIND: usize = 25;

/// What a change is about.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export, rename = "BriefEntities")]
pub struct Entities {
    /// Tables (and ORM models) changed or queried.
    pub tables: Vec<String>,
    /// Columns added, changed or removed.
    pub columns: Vec<String>,
    /// Scheduled jobs, workers and tasks.
    pub jobs: Vec<String>,
    /// Feature flag keys read, defined or removed.
    pub flags: Vec<String>,
    /// Host names in URLs and configuration.
    pub hosts: Vec<String>,
    /// Services, images and deployments.
    pub services: Vec<String>,
}

impl Entities {
    /// Every name, each once.
    pub fn all(&self) -> Vec<&str> {
        let mut seen = HashSet::new();
        [
            &self.tables,
            &self.columns,
            &self.jobs,
            &self.flags,
            &self.hosts,
            &self.services,
        ]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .filter(|n| seen.insert(*n))
        .collect()
    }

    /// True when nothing was found.
    pub fn is_empty(&self) -> bool {
        self.all().is_empty()
    }
}

static TABLE: Pattern = Pattern::new(
    r#"\b(?:alter|create|drop)\s+table\s+(?:if\s+(?:not\s+)?exists\s+)?(?:only\s+)?([\w."`]+)|\bupdate\s+([\w."`]+)\s+set\b|\bdelete\s+from\s+([\w."`]+)|\binsert\s+into\s+([\w."`]+)|\btruncate\s+(?:table\s+)?([\w."`]+)|\bindex\s+(?:concurrently\s+)?(?:if\s+not\s+exists\s+)?[\w"]*\s*on\s+(?:only\s+)?([\w."`]+)|\breferences\s+([\w."`]+)"#,
);
static RAILS_TABLE: Pattern = Pattern::new(
    r#"\b(?:add_column|remove_column|add_index|remove_index|change_column\w*|rename_column|create_table|drop_table|add_reference|remove_reference|add_foreign_key|change_table|rename_table|add_check_constraint|update_column)\s*\(?\s*[:"'](\w+)"#,
);
static OP_TABLE: Pattern = Pattern::new(
    r#"\bop\.(?:add_column|drop_column|alter_column|create_table|drop_table|rename_table|create_foreign_key|bulk_insert|execute)\(\s*['"](\w+)['"]|\bop\.create_index\(\s*['"]\w+['"]\s*,\s*['"](\w+)['"]"#,
);
static DJANGO_TABLE: Pattern = Pattern::new(
    r#"\b(?:model_name|db_table)\s*=\s*['"](\w+)['"]|\bCreateModel\(\s*name\s*=\s*['"](\w+)['"]"#,
);
static OTHER_TABLE: Pattern = Pattern::new(
    r#"\btableName\s*[=:]\s*["']?(\w+)|\bschema\.(?:alterTable|createTable|table|dropTable)\(\s*['"](\w+)|^\s*model\s+(\w+)\s*\{|\bclass\s+(\w+)\s*<\s*(?:ApplicationRecord|ActiveRecord::Base)|\bclass\s+(\w+)\(\s*models\.Model\s*\)"#,
);
static COLUMN: Pattern = Pattern::new(
    r#"\badd\s+column\s+(?:if\s+not\s+exists\s+)?([\w"`]+)|\b(?:drop|alter|rename)\s+column\s+(?:if\s+exists\s+)?([\w"`]+)|\brename\s+column\s+[\w"`]+\s+to\s+([\w"`]+)"#,
);
static RAILS_COLUMN: Pattern = Pattern::new(
    r#"\b(?:add_column|remove_column|change_column\w*|rename_column|add_index|update_column)\s*\(?\s*[:"']\w+["']?\s*,\s*[:"'](\w+)"#,
);
static OP_COLUMN: Pattern = Pattern::new(
    r#"\bop\.(?:add_column|drop_column|alter_column)\(\s*['"]\w+['"]\s*,\s*(?:sa\.Column\(\s*)?['"](\w+)['"]|\bcolumnName\s*[=:]\s*["']?(\w+)|<column\s+name\s*=\s*"(\w+)""#,
);
static JOB: Pattern = Pattern::new(
    r#"\bclass\s+(\w+(?:Job|Worker|Task|Cron|Scheduler))\b|\b['"]task['"]\s*:\s*['"]([\w.]+)['"]|\badd_job\(\s*(\w+)"#,
);
static FLAG: Pattern = Pattern::new(
    r#"\bFeature\.(?:enabled|disabled)\?\(\s*:(\w+)|\bFlipper(?:\[:(\w+)\]|\.(?:enabled|enable|disable)\??\(\s*:(\w+))|\b(?:variation|boolVariation|BoolVariation|stringVariation|isEnabled|is_enabled|isFeatureEnabled|getBooleanValue|get_boolean_value|feature_enabled\?|flag_enabled\?)\(\s*[:"']([\w.-]+)|\bfeature_flags?\s*\[\s*['":]([\w.-]+)"#,
);
static HOST: Pattern = Pattern::new(
    r"\b(?:https?|wss?|grpcs?|amqps?|redis|postgres(?:ql)?|mysql)://(?:[^@/\s]+@)?([a-z0-9][a-z0-9.-]*\.[a-z]{2,})|\b([a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:internal|svc|cluster\.local|amazonaws\.com|local))\b",
);
static IMAGE: Pattern = Pattern::new(
    r#"^\s*-?\s*image:\s*["']?(?:[\w.-]+(?::\d+)?/)*([\w-]+)(?::[\w.-]+)?(?:@sha256:\w+)?["']?\s*$|^\s*FROM\s+(?:--\S+\s+)?(?:[\w.-]+(?::\d+)?/)*([\w-]+)(?::[\w.-]+)?(?:\s+as\s+\w+)?\s*$"#,
);
static SERVICE: Pattern = Pattern::new(
    r#"\b(?:service(?:_name|Name)?|app(?:_name)?)\s*[:=]\s*["']?([a-z][\w-]{2,})|\b([A-Z][A-Z0-9]+(?:_[A-Z0-9]+)*)_(?:URL|HOST|ENDPOINT|ADDR)\b"#,
);
static K8S_NAME: Pattern = Pattern::new(r"^\s{0,4}name:\s*([\w.-]+)\s*$");
static K8S_KIND: Pattern =
    Pattern::new(r"^kind:\s*(CronJob|Job|Deployment|StatefulSet|Service|DaemonSet)\s*$");
static SCHEDULE_KEY: Pattern = Pattern::new(r#"^\s*(?:cron|schedule|every|class)\s*:"#);
static YAML_KEY: Pattern = Pattern::new(r#"^(\s*)['"]?([\w.-]+)['"]?\s*:\s*$"#);
static CRON_COMMAND: Pattern = Pattern::new(
    r"^\s*(?:@\w+|(?:[\d*/,-]+\s+){4}[\d*/,a-z-]+)\s+(?:\w+\s+)?(?:\S*/)?([\w.-]+?)(?:\.(?:sh|py|rb|pl))?(?:\s|$)",
);
static FLAG_FILE_NAME: Pattern = Pattern::new(r#"^\s*(?:name|key)\s*[:=]\s*["']?([\w.-]+)"#);

/// A name as kept: quotes and a `schema.` prefix dropped (host names keep
/// their dots), at least three characters with a letter, not a keyword.
fn clean(name: &str, host: bool) -> Option<String> {
    let name = name.trim_matches(|c| c == '"' || c == '`' || c == '\'');
    let name = if host {
        name.to_lowercase()
    } else {
        name.rsplit('.').next().unwrap_or(name).to_string()
    };
    let useful = name.len() >= 3
        && name.len() <= 80
        && name.chars().any(|c| c.is_ascii_alphabetic())
        && !matches!(
            name.to_lowercase().as_str(),
            "not"
                | "if"
                | "exists"
                | "only"
                | "the"
                | "set"
                | "true"
                | "false"
                | "nil"
                | "none"
                | "null"
                | "self"
                | "new"
        );
    useful.then_some(name)
}

fn collect(set: &mut BTreeSet<String>, pattern: &Pattern, text: &str) {
    collect_as(set, pattern, text, false);
}

fn collect_as(set: &mut BTreeSet<String>, pattern: &Pattern, text: &str, host: bool) {
    for caps in pattern.captures_all(text) {
        for group in caps.iter().skip(1).flatten() {
            if let Some(name) = clean(group.as_str(), host) {
                if set.len() < MAX_PER_KIND {
                    set.insert(name);
                }
            }
        }
    }
}

/// Tables the file creates (their later DDL in the same file locks no one).
pub fn created_tables(file: &ChangedFile<'_>) -> HashSet<String> {
    static CREATED: Pattern = Pattern::new(
        r#"\bcreate\s+table\s+(?:if\s+not\s+exists\s+)?([\w."`]+)|\bcreate_table\s*\(?\s*[:"'](\w+)|\bop\.create_table\(\s*['"](\w+)|\bCreateModel\(\s*name\s*=\s*['"](\w+)|\bcreateTable\(\s*['"](\w+)|<createTable\b[^>]*tableName\s*=\s*"(\w+)""#,
    );
    let mut out = HashSet::new();
    for line in file.added() {
        for caps in CREATED.captures_all(&line.text) {
            for group in caps.iter().skip(1).flatten() {
                if let Some(name) = clean(group.as_str(), false) {
                    out.insert(name.to_lowercase());
                }
            }
        }
    }
    // A Django model `Order` is altered as `model_name='order'`.
    out
}

/// Whether `text` names one of `tables` as the table it acts on.
pub fn acts_on(text: &str, tables: &HashSet<String>) -> bool {
    if tables.is_empty() {
        return false;
    }
    let mut found = BTreeSet::new();
    for pattern in [&TABLE, &RAILS_TABLE, &OP_TABLE, &DJANGO_TABLE, &OTHER_TABLE] {
        collect(&mut found, pattern, text);
    }
    !found.is_empty() && found.iter().all(|t| tables.contains(&t.to_lowercase()))
}

/// The names in `files`.
pub fn extract(files: &[ChangedFile<'_>]) -> Entities {
    let mut tables = BTreeSet::new();
    let mut columns = BTreeSet::new();
    let mut jobs = BTreeSet::new();
    let mut flags = BTreeSet::new();
    let mut hosts = BTreeSet::new();
    let mut services = BTreeSet::new();
    for file in files {
        let flag_file = file.path_has(&[
            "feature_flag",
            "feature-flag",
            "featureflag",
            "flags/",
            "flags.",
            "/features/",
        ]);
        let cron_file = file.lower.contains("cron") || file.lower.contains("schedule");
        let kubernetes =
            file.is_yaml() && file.visible().any(|l| l.text.starts_with("apiVersion:"));
        let mut kind: Option<String> = None;
        let mut previous_key: Option<String> = None;
        for line in file.added() {
            let text = &line.text;
            for pattern in [&TABLE, &RAILS_TABLE, &OP_TABLE, &DJANGO_TABLE, &OTHER_TABLE] {
                collect(&mut tables, pattern, text);
            }
            for pattern in [&COLUMN, &RAILS_COLUMN, &OP_COLUMN] {
                collect(&mut columns, pattern, text);
            }
            collect(&mut jobs, &JOB, text);
            collect(&mut flags, &FLAG, text);
            if flag_file {
                collect(&mut flags, &FLAG_FILE_NAME, text);
            }
            collect_as(&mut hosts, &HOST, text, true);
            collect(&mut services, &IMAGE, text);
            collect(&mut services, &SERVICE, text);
            if file.is_yaml() {
                if let Some(caps) = K8S_KIND.captures(text) {
                    kind = caps.get(1).map(|m| m.as_str().to_string());
                } else if let (Some(k), Some(caps)) = (&kind, K8S_NAME.captures(text)) {
                    let target = if k == "CronJob" || k == "Job" {
                        &mut jobs
                    } else {
                        &mut services
                    };
                    if let Some(name) = caps.get(1).and_then(|m| clean(m.as_str(), false)) {
                        target.insert(name);
                    }
                    kind = None;
                }
                if cron_file && !kubernetes && SCHEDULE_KEY.is_match(text) {
                    if let Some(key) = previous_key.take() {
                        jobs.insert(key);
                    }
                }
                previous_key = YAML_KEY
                    .captures(text)
                    .and_then(|c| c.get(2))
                    .and_then(|m| clean(m.as_str(), false))
                    .or(previous_key);
            }
            if cron_file || file.path_has(&["crontab", "cron.d"]) {
                collect(&mut jobs, &CRON_COMMAND, text);
            }
        }
        if flag_file {
            for line in file.removed() {
                collect(&mut flags, &FLAG_FILE_NAME, &line.text);
                collect(&mut flags, &FLAG, &line.text);
            }
        }
    }
    let list = |s: BTreeSet<String>| s.into_iter().take(MAX_PER_KIND).collect::<Vec<_>>();
    Entities {
        tables: list(tables),
        columns: list(columns),
        jobs: list(jobs),
        flags: list(flags),
        hosts: list(hosts),
        services: list(services.into_iter().map(|s| s.to_lowercase()).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::brief::rules::testing::new_file;

    fn of(path: &str, body: &str) -> Entities {
        let diff = new_file(path, body);
        extract(&[ChangedFile::new(&diff)])
    }

    #[test]
    fn tables_and_columns_from_sql_and_orms() {
        let e = of("migrations/7.sql", "ALTER TABLE public.orders ADD COLUMN public_id uuid;\nCREATE INDEX CONCURRENTLY orders_ref ON orders (ref);\nUPDATE invoices SET due = now();");
        assert_eq!(e.tables, ["invoices", "orders"]);
        assert_eq!(e.columns, ["public_id"]);
        let e = of(
            "db/migrate/1.rb",
            "rename_column :subscriptions, :account_id, :customer_id",
        );
        assert_eq!(e.tables, ["subscriptions"]);
        assert_eq!(e.columns, ["account_id"]);
        let e = of(
            "alembic/versions/2.py",
            "    op.add_column('shipments', sa.Column('carrier', sa.String()))",
        );
        assert_eq!(
            (e.tables.as_slice(), e.columns.as_slice()),
            (&["shipments".to_string()][..], &["carrier".to_string()][..])
        );
        let e = of(
            "shop/migrations/0003_x.py",
            "migrations.AddField(\n    model_name='invoice',\n    name='paid_at',\n)",
        );
        assert_eq!(e.tables, ["invoice"]);
    }

    #[test]
    fn jobs_flags_hosts_and_services() {
        let e = of(
            "deploy/rollup-cronjob.yaml",
            "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: warehouse-rollup\nspec:\n  schedule: \"30 22 * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - name: rollup\n              image: ghcr.io/quarry/rollup-runner:2.4\n              env:\n                - name: WAREHOUSE_URL\n                  value: https://warehouse.internal.quarry.io/api",
        );
        assert_eq!(e.jobs, ["warehouse-rollup"]);
        assert!(e.services.contains(&"rollup-runner".to_string()), "{e:?}");
        assert!(e.services.contains(&"warehouse".to_string()), "{e:?}");
        assert_eq!(e.hosts, ["warehouse.internal.quarry.io"]);
        let e = of("app/services/quote.rb", "if Feature.enabled?(:new_fare_engine, user)\n  client.variation(\"checkout-v2\", ctx, false)\nend");
        assert_eq!(e.flags, ["checkout-v2", "new_fare_engine"]);
        let e = of(
            "app/jobs/nightly_sync_job.rb",
            "class NightlySyncJob < ApplicationJob\nend",
        );
        assert_eq!(e.jobs, ["NightlySyncJob"]);
        let e = of(
            "config/schedule.yml",
            "nightly_sync:\n  cron: \"0 3 * * *\"\n  class: NightlySyncJob",
        );
        assert!(e.jobs.contains(&"nightly_sync".to_string()), "{e:?}");
    }

    #[test]
    fn created_tables_are_known() {
        let diff = new_file(
            "db/migrate/1.rb",
            "create_table :refunds do |t|\nend\nadd_index :refunds, :order_id",
        );
        let file = ChangedFile::new(&diff);
        let created = created_tables(&file);
        assert!(created.contains("refunds"));
        assert!(acts_on("add_index :refunds, :order_id", &created));
        assert!(!acts_on("add_index :orders, :id", &created));
    }
}
