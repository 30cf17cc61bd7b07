//! `user-messaging`: code that sends e-mail, SMS, push notifications or
//! chat messages to people.
//!
//! Reason: messages cannot be recalled; a loop over the wrong scope, a
//! retried job or a re-run schedule sends them again to real people (a
//! whole user base at once), and the provider may throttle or ban the
//! sender.
//! Source: Rails guides "Action Mailer Basics" (`deliver_later` in jobs
//! that retry); Google Code Jam 2014 repeated e-mail incident (in the
//! public corpus); Twilio docs (messaging rate limits).

use super::{is_comment, Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;

/// The rule.
pub const RULE: Rule = Rule {
    name: "user-messaging",
    tags: &["notifications", "email"],
    why: "messages to people cannot be recalled; a wrong scope or a retry sends them again to everyone",
    source: "Rails guides Action Mailer Basics; Twilio messaging rate limits",
    check,
};

static SEND: Pattern = Pattern::new(
    r"\.deliver_(now|later)\b|\.deliver!?\s*$|\bsend_mail\s*\(|\bsend_mass_mail\s*\(|\bEmailMessage\(|\.send_(email|raw_email|templated_email|bulk_templated_email)\s*\(|\bsendgrid\b|\bmailgun\b|\bpostmark\b|\bsendMail\s*\(|\bnodemailer\b|\btwilio\b|\bmessages\.create\s*\(|\bsend_sms\b|\bsendSms\b|\bpush_notification\b|\bsendPush\b|\bmessaging\(\)\.send|\bfcm\b|\bapns\b|\bOneSignal\b|\bNotification\.(create|send)\b|\bnotify_all\b|\bchat\.postMessage\b|\bmail\(\s*to:",
);
static LOOP: Pattern = Pattern::new(
    r"\.(each|find_each|find_in_batches|map|forEach)\b|\bfor\s+\w+\s+in\b|\bfor\s*\(|\bwhile\b",
);

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    if file.is_test() || file.path_has(&[".md", "preview"]) {
        return;
    }
    for (at, line) in file.added_at() {
        if is_comment(&line.text) || !SEND.is_match(&line.text) {
            continue;
        }
        let in_loop = file.around(at, 6, 0).any(|l| LOOP.is_match(&l.text));
        let hit = Hit::at(line);
        out.push(if in_loop {
            hit.because("messages sent in a loop: a wrong scope or a retried run messages every recipient again")
        } else {
            hit
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines;
    use super::*;

    #[test]
    fn messages_in_each_ecosystem() {
        for (path, body) in [
            (
                "app/jobs/reminder_job.rb",
                "User.due.find_each do |u|\n  ReminderMailer.with(user: u).due.deliver_later\nend",
            ),
            (
                "contest/notify.py",
                "for c in contestants:\n    send_mail(subject, body, FROM, [c.email])",
            ),
            (
                "svc/sms.py",
                "client.messages.create(to=phone, from_=SENDER, body=text)",
            ),
            (
                "src/push.ts",
                "await admin.messaging().send({ token, notification })",
            ),
            (
                "lib/ops/announce.rb",
                "slack.chat.postMessage(channel: '#general', text: msg)",
            ),
        ] {
            assert_eq!(lines(&RULE, path, body).len(), 1, "{path}");
        }
        assert!(lines(
            &RULE,
            "test/mailers/reminder_test.rb",
            "ReminderMailer.due.deliver_now"
        )
        .is_empty());
    }
}
