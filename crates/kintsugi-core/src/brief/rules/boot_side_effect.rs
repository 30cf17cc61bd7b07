//! `boot-side-effect`: code that runs on boot or on deploy and reaches
//! beyond the process: calls to other services, writes of data or settings.
//!
//! Reason: start-up code runs on every instance, at every restart and
//! autoscale, all at once during a deploy or a crash loop; an HTTP call or
//! a write there becomes a stampede on the service it calls, or a change
//! to shared state that a rollback does not undo.
//! Source: The Twelve-Factor App, "IX. Disposability" (fast, side-effect
//! free start-up) and "XII. Admin processes" (one-off tasks run separately);
//! Kubernetes docs "Container Lifecycle Hooks".

use super::{is_comment, Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;

/// The rule.
pub const RULE: Rule = Rule {
    name: "boot-side-effect",
    tags: &["deploys", "thundering-herd"],
    why: "start-up and deploy code runs on every instance at once; calls and writes there stampede or change shared state",
    source: "The Twelve-Factor App IX (Disposability), XII (Admin processes); Kubernetes Container Lifecycle Hooks",
    check,
};

static BOOT_PATH: Pattern = Pattern::new(
    r"config/initializers/|config/boot|config/application\.rb|(^|/)(bootstrap|startup|boot|init|entrypoint|docker-entrypoint)[\w.-]*\.(rb|py|js|ts|go|sh|java|kt)$|(^|/)(deploy|release|hooks|predeploy|postdeploy)/|(^|/)(deploy|release|post_deploy|postdeploy|predeploy)[\w.-]*\.(sh|rb|py|js|ts)$|(^|/)procfile$|config/deploy(\.rb|/)|apps\.py$",
);
static BOOT_MARKER: Pattern = Pattern::new(
    r#"on_event\(\s*['"]startup|\basync\s+def\s+lifespan\b|\bdef\s+ready\(self\)|@PostConstruct\b|\bApplicationRunner\b|\bCommandLineRunner\b|ApplicationReadyEvent|^\s*func\s+init\(\)|\bafter_initialize\b|\bto_prepare\b|\bconfig\.after_initialize\b|\bon\(\s*['"](ready|listening)['"]|\bapp\.listen\(|['"](postinstall|prestart|poststart)['"]\s*:|helm\.sh/hook|\bpostStart\b|\binitContainers\b|^\s*release:"#,
);
static EFFECT: Pattern = Pattern::new(
    r"\b(requests|httpx|urllib3?|aiohttp)\.\w+\(|\bNet::HTTP\b|\bHTTParty\b|\bFaraday\b|\bRestClient\b|\bfetch\(|\baxios\b|\bhttp\.(Get|Post|NewRequest)\b|\bRestTemplate\b|\bWebClient\b|\bHttpClient\b|\bcurl\s|\bwget\s|\bboto3\.|\bAws::|\b(s3|sqs|sns)\.\w+\(|\b(register|create|subscribe)_?webhooks?\b|\bwebhooks?\.(create|register)\b|\bpublish\(|\bsend_message\(|\.(save!?|create!?|update!?|insert|upsert|delete|destroy|update_or_create|get_or_create|bulk_create|find_or_create_by!?)\b|\b(insert\s+into|update\s+\w+\s+set|delete\s+from)\b|\bdb:(migrate|seed)\b|\bmigrate\b|\bseed\b|\bcache\.(clear|write|set)\b|\bredis\.(set|del|flush\w*)\b|\bSetting\.\w+\s*=|\bsettings\.(update|set)\(",
);

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    if file.is_test() || file.path_has(&[".md"]) {
        return;
    }
    let boot_file = BOOT_PATH.is_match(&file.lower);
    for (at, line) in file.added_at() {
        if is_comment(&line.text) || !EFFECT.is_match(&line.text) {
            continue;
        }
        let in_boot = boot_file
            || file
                .around(at, 25, 0)
                .any(|l| BOOT_MARKER.is_match(&l.text));
        if in_boot {
            out.push(Hit::at(line));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lines;
    use super::*;

    #[test]
    fn boot_and_deploy_effects_in_each_ecosystem() {
        for (path, body) in [
            ("config/initializers/register_webhooks.rb", "Rails.application.config.after_initialize do\n  PaymentsClient.register_webhook(url: ENV['WEBHOOK_URL'])\nend"),
            ("svc/app.py", "@app.on_event(\"startup\")\nasync def warm():\n    rates = requests.get(RATES_URL).json()"),
            ("shop/apps.py", "class ShopConfig(AppConfig):\n    def ready(self):\n        Setting.objects.update_or_create(key='boot', defaults={'v': now()})"),
            ("src/main/java/Warmup.java", "@PostConstruct\nvoid warm() {\n    restTemplate.postForObject(url, req, Void.class);\n}"),
            ("docker/entrypoint.sh", "#!/bin/sh\nbundle exec rake db:migrate\nexec \"$@\""),
            ("Procfile", "release: python manage.py migrate"),
        ] {
            assert!(!lines(&RULE, path, body).is_empty(), "{path}");
        }
        assert!(lines(
            &RULE,
            "app/services/rates.rb",
            "def fetch\n  Net::HTTP.get(URI(url))\nend"
        )
        .is_empty());
    }
}
