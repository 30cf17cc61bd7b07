//! `cron-schedule`: a schedule was added or changed — crontab lines,
//! Kubernetes `CronJob`, GitHub Actions `schedule`, Celery beat,
//! APScheduler, sidekiq-cron/whenever, Spring `@Scheduled`, Quartz,
//! node-cron, systemd timers, cloud schedule expressions.
//!
//! Reason: a schedule decides when work runs against production, usually
//! unattended; the classic traps are time zones (GitHub Actions and most
//! controllers use UTC), `*` in the minute field (every minute),
//! day-of-month and day-of-week both set (cron runs when *either* matches),
//! a bare `%` in a crontab line (it ends the command), and CronJobs without
//! a `concurrencyPolicy` (runs overlap) or a `timeZone`.
//! Source: lyda/chkcrontab `tests/test_crontab.warn`; crontab(5); Kubernetes
//! CronJob docs (`concurrencyPolicy`, `timeZone`); GitHub Actions docs
//! ("schedule" runs in UTC and can be delayed).

use super::{is_comment, Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;

/// The rule.
pub const RULE: Rule = Rule {
    name: "cron-schedule",
    tags: &["cron", "time"],
    why: "a schedule decides when unattended work runs against production; check its time zone and overlap",
    source: "lyda/chkcrontab tests/test_crontab.warn; crontab(5); Kubernetes CronJob docs; GitHub Actions schedule docs",
    check,
};

/// Five or six cron fields (the sixth for seconds-first dialects).
static EXPRESSION: Pattern = Pattern::new(
    r"(?:^|[\s'\x22(=])((?:[\d*?LW#/,-]+|[a-z]{3}(?:-[a-z]{3})?)(?:\s+(?:[\d*?LW#/,-]+|[a-z]{3}(?:[-,][a-z]{3})*)){4,5})(?:$|[\s'\x22)])",
);
static CRONTAB_LINE: Pattern = Pattern::new(
    r"^\s*(?:@(reboot|yearly|annually|monthly|weekly|daily|midnight|hourly)|(?:[\d*/,-]+\s+){4}[\d*/,a-z-]+)\s+\S",
);
static CRONTAB_FILE: Pattern =
    Pattern::new(r"(^|/)(crontab|cron\.d/|cron/|[^/]*\.cron$|cronjobs?(/|\.txt$))");
static SCHEDULER_CODE: Pattern = Pattern::new(
    r"\bcrontab\s*\(|\bbeat_schedule\b|\bCELERYBEAT_SCHEDULE\b|\badd_job\s*\(|\btrigger\s*=\s*['\x22](cron|interval)|\bCronTrigger\s*\(|\bscheduled_job\s*\(|@Scheduled\s*\(|\bcronSchedule\s*\(|\bcron\.schedule\s*\(|\bSidekiq::Cron::Job\b|\bevery\s+\d+\.(minutes?|hours?|days?|weeks?)|\bevery\s+:(hour|day|week|month)|^\s*OnCalendar\s*=|\bschedule_expression\s*=|\bScheduleExpression\b|\bschedule(_interval)?\s*=\s*['\x22@]|\bnew\s+CronJob\s*\(",
);
static YAML_SCHEDULE: Pattern = Pattern::new(r"^\s*-?\s*(schedule|cron|every|at|start)\s*:\s*\S");
static WORKFLOW_CRON: Pattern = Pattern::new(r"^\s*-\s*cron\s*:");

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    let crontab = CRONTAB_FILE.is_match(&file.lower);
    let workflow = file.lower.contains(".github/workflows/");
    let yaml = file.is_yaml();
    let cronjob = yaml && file.visible().any(|l| l.text.trim() == "kind: CronJob");
    let schedule_yaml =
        yaml && file.path_has(&["schedule", "sidekiq", "cron", "beat", "jobs", "whenever"]);
    let concurrency = file.visible().any(|l| l.text.contains("concurrencyPolicy"));
    let time_zone = file.visible().any(|l| l.text.contains("timeZone"));
    for line in file.added() {
        let text = &line.text;
        if text.trim().is_empty()
            || (is_comment(text) && !crontab)
            || text.trim_start().starts_with('#')
        {
            continue;
        }
        let hit = if crontab {
            CRONTAB_LINE.is_match(text)
        } else if workflow {
            WORKFLOW_CRON.is_match(text)
        } else if cronjob {
            text.trim_start().starts_with("schedule:")
        } else if schedule_yaml {
            YAML_SCHEDULE.is_match(text)
                && (EXPRESSION.is_match(text) || text.contains("every") || text.contains("cron"))
        } else {
            SCHEDULER_CODE.is_match(text)
        };
        if !hit {
            continue;
        }
        let mut warnings = expression_warnings(text, crontab);
        if workflow {
            warnings.push(
                "GitHub Actions schedules run in UTC and can be delayed or dropped at busy times"
                    .to_string(),
            );
        }
        if cronjob && !concurrency {
            warnings.push("no concurrencyPolicy: a slow run and the next one overlap".to_string());
        }
        if cronjob && !time_zone {
            warnings.push(
                "no timeZone: the schedule is read in the controller's zone (usually UTC)"
                    .to_string(),
            );
        }
        let why = if warnings.is_empty() {
            RULE.why.to_string()
        } else {
            format!("schedule change: {}", warnings.join("; "))
        };
        out.push(Hit::at(line).because(why));
    }
}

/// Warnings about the cron expression on `text`, chkcrontab style.
fn expression_warnings(text: &str, crontab: bool) -> Vec<String> {
    let mut warnings = Vec::new();
    let Some(expression) = EXPRESSION.captures(text).and_then(|c| c.get(1)) else {
        return warnings;
    };
    let fields: Vec<&str> = expression.as_str().split_whitespace().collect();
    // Spring and Quartz put seconds first; crontab's sixth field is the
    // user or the command, and AWS's is the year.
    let seconds_first = !crontab
        && fields.len() >= 6
        && (text.contains("Scheduled") || text.contains("cronSchedule") || text.contains("quartz"));
    let fields = if seconds_first {
        &fields[1..]
    } else {
        &fields[..]
    };
    if fields.first() == Some(&"*") {
        warnings
            .push("`*` in the minute field runs it every minute of the matching hours".to_string());
    }
    let restricted = |f: Option<&&str>| f.is_some_and(|f| *f != "*" && *f != "?");
    if restricted(fields.get(2)) && restricted(fields.get(4)) {
        warnings.push(
            "day-of-month and day-of-week are both set: cron runs when either matches".to_string(),
        );
    }
    if crontab {
        let command = &text[expression.end().min(text.len())..];
        if command.contains('%') && !command.contains("\\%") {
            warnings.push(
                "a bare `%` in a crontab command ends the command (escape it as `\\%`)".to_string(),
            );
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::super::testing::{lines, new_file, run};
    use super::*;

    fn why(path: &str, body: &str) -> String {
        let file = new_file(path, body);
        let changed = [crate::brief::changes::ChangedFile::new(&file)];
        let change = Change {
            files: &changed,
            probe: &super::super::NoRepository,
        };
        let mut hits = Vec::new();
        check(&changed[0], &change, &mut hits);
        hits.into_iter()
            .filter_map(|h| h.why)
            .collect::<Vec<_>>()
            .join(" | ")
    }

    #[test]
    fn crontab_lines_and_their_traps() {
        assert_eq!(lines(&RULE, "deploy/crontab", "# m h dom mon dow command\n30 2 * * * /opt/bin/rollup.sh\n@reboot /opt/bin/warm.sh"), [2, 3]);
        assert!(why("etc/cron.d/backup", "* 3 * * * root /opt/backup.sh").contains("every minute"));
        assert!(why("etc/cron.d/report", "0 6 1 * 1 app /opt/report.sh").contains("either matches"));
        assert!(why(
            "etc/cron.d/stamp",
            "0 0 * * * app date +%Y-%m-%d > /tmp/stamp"
        )
        .contains('%'));
    }

    #[test]
    fn kubernetes_actions_and_sidekiq_yaml() {
        let job = "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: invoice-run\nspec:\n  schedule: \"0 1 * * *\"\n  jobTemplate: {}";
        assert_eq!(lines(&RULE, "k8s/invoice-run.yaml", job), [6]);
        let w = why("k8s/invoice-run.yaml", job);
        assert!(
            w.contains("concurrencyPolicy") && w.contains("timeZone"),
            "{w}"
        );
        assert_eq!(
            lines(
                &RULE,
                ".github/workflows/nightly.yml",
                "on:\n  schedule:\n    - cron: '15 4 * * 1-5'"
            ),
            [3]
        );
        assert!(why(
            ".github/workflows/nightly.yml",
            "on:\n  schedule:\n    - cron: '15 4 * * 1-5'"
        )
        .contains("UTC"));
        assert_eq!(
            lines(
                &RULE,
                "config/schedule.yml",
                "invoice_reminders:\n  cron: \"0 9 * * *\"\n  class: InvoiceReminderJob"
            ),
            [2]
        );
    }

    #[test]
    fn scheduler_code_in_each_ecosystem() {
        for (path, body) in [
            ("proj/celery.py", "    'nightly-rollup': {'task': 'reports.rollup', 'schedule': crontab(hour=22, minute=30)},"),
            ("proj/sched.py", "scheduler.add_job(send_digest, 'cron', hour=7, minute=0)"),
            ("proj/sched.py", "@sched.scheduled_job('cron', day_of_week='mon-fri', hour=17)"),
            ("src/main/java/Reports.java", "    @Scheduled(cron = \"0 30 22 * * *\", zone = \"UTC\")"),
            ("config/schedule.rb", "every 1.day, at: '4:30 am' do"),
            ("src/cron.ts", "cron.schedule('*/5 * * * *', () => refreshRates());"),
            ("infra/events.tf", "  schedule_expression = \"cron(0 4 * * ? *)\""),
            ("dags/rollup.py", "with DAG('rollup', schedule='@daily') as dag:"),
        ] {
            assert_eq!(lines(&RULE, path, body).len(), 1, "{path}");
        }
        assert!(lines(&RULE, "app/models/order.rb", "def schedule_delivery; end").is_empty());
        let spring = why(
            "src/main/java/Reports.java",
            "@Scheduled(cron = \"0 * 22 * * *\")",
        );
        assert!(spring.contains("every minute"), "{spring}");
    }

    #[test]
    fn removed_schedules_never_trigger() {
        let file = super::super::testing::changed(
            "deploy/crontab",
            "-0 3 * * * /opt/bin/old.sh\n 0 4 * * * /opt/bin/keep.sh",
        );
        assert!(run(&RULE, &file).is_empty());
    }
}
