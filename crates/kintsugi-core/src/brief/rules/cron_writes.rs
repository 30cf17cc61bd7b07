//! `scheduled-job-writes`: a scheduled or background job whose changed
//! code writes data.
//!
//! Reason: jobs run unattended, often at night, on every row that matches,
//! and again on the next run; a wrong write is repeated before anyone is
//! awake to see it, and retries of a failed run write twice.
//! Source: GitLab `tooling/danger/sidekiq_queues.rb` and
//! `sidekiq_args.rb` (job changes get a review); Rails guides "Active Job
//! Basics" (jobs must be idempotent).

use super::{is_comment, Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;

/// The rule.
pub const RULE: Rule = Rule {
    name: "scheduled-job-writes",
    tags: &["cron", "data-loss"],
    why: "an unattended job repeats a wrong write on every row and every run before anyone looks",
    source:
        "GitLab tooling/danger/sidekiq_queues.rb, sidekiq_args.rb; Rails guides Active Job Basics",
    check,
};

static JOB_PATH: Pattern = Pattern::new(
    r"(^|/)(jobs?|workers?|tasks?|cron|crons|cronjobs?|scheduled?|schedulers?|dags|batch)/|_(job|worker|task|cron)\.(rb|py|js|ts|go|java|kt)$|(Job|Worker|Task)\.(java|kt|cs)$|\.rake$",
);
static JOB_CODE: Pattern = Pattern::new(
    r"@Scheduled\b|@shared_task\b|@(app|celery)\.task\b|\binclude\s+Sidekiq::(Job|Worker)\b|<\s*(ApplicationJob|ActiveJob::Base)\b|\bdef\s+perform\b|\bimplements\s+Job\b",
);
static WRITE: Pattern = Pattern::new(
    r"\.(save!?|create!?|update!?|update_attributes!?|destroy!?|delete|upsert|insert|bulk_create|update_or_create|get_or_create|put_item|batch_write_item|write)\s*(\(|\s|$)|\.(update_all|delete_all|destroy_all|insert_all|upsert_all)\b|\b(insert\s+into|update\s+\w+\s+set|delete\s+from)\b|\b(session|db)\.(add|merge|commit|execute)\(|\brepository\.(save|delete)\w*\(",
);

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    if file.migration.is_some() || file.is_test() {
        return;
    }
    let job = JOB_PATH.is_match(file.path) || file.visible().any(|l| JOB_CODE.is_match(&l.text));
    if !job {
        return;
    }
    if let Some(line) = file
        .added()
        .find(|l| !is_comment(&l.text) && WRITE.is_match(&l.text))
    {
        out.push(Hit::at(line));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines;
    use super::*;

    #[test]
    fn jobs_that_write_in_each_ecosystem() {
        for (path, body) in [
            ("app/jobs/renew_plans_job.rb", "class RenewPlansJob < ApplicationJob\n  def perform\n    Plan.due.find_each { |p| p.update!(renewed_at: Time.current) }\n  end\nend"),
            ("app/workers/sync_worker.rb", "class SyncWorker\n  include Sidekiq::Job\n  def perform(id)\n    Account.find(id).destroy\n  end\nend"),
            ("reports/tasks.py", "@shared_task\ndef close_stale():\n    Ticket.objects.filter(stale=True).update(state='closed')"),
            ("src/main/java/com/acme/PurgeJob.java", "@Scheduled(cron = \"0 0 3 * * *\")\npublic void purge() {\n    repository.deleteAllByExpiredTrue();\n}"),
            ("lib/tasks/cleanup.rake", "task cleanup: :environment do\n  Upload.orphaned.delete_all\nend"),
        ] {
            assert_eq!(lines(&RULE, path, body).len(), 1, "{path}");
        }
        assert!(lines(&RULE, "app/jobs/report_job.rb", "class ReportJob < ApplicationJob\n  def perform\n    Rails.logger.info('hi')\n  end\nend").is_empty());
        assert!(lines(
            &RULE,
            "app/models/plan.rb",
            "def renew!\n  update!(renewed_at: Time.current)\nend"
        )
        .is_empty());
    }
}
