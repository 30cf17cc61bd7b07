//! `cache-flush`: flushing or invalidating a whole cache.
//!
//! Reason: a cold cache sends its full load to the database at once (a
//! thundering herd), and a shared Redis often holds more than the cache:
//! `Rails.cache.clear` on a Redis store runs `FLUSHDB` and logs every user
//! out; bumping a global cache version is the same flush in disguise.
//! Source: redis-store/redis-store#82 (`Rails.cache.clear` ran FLUSHDB and
//! wiped sessions); etalab/admin_api_entreprise#1974 (a cache clear on
//! deploy blocked the app for minutes); liangliangyy/DjangoBlog#770.

use super::{Change, Hit, Pattern, Rule};
use crate::brief::changes::ChangedFile;

/// The rule.
pub const RULE: Rule = Rule {
    name: "cache-flush",
    tags: &["cache", "thundering-herd", "redis"],
    why: "a cold cache sends its whole load to the database at once, and a shared Redis may hold sessions too",
    source: "redis-store/redis-store#82; etalab/admin_api_entreprise#1974; liangliangyy/DjangoBlog#770",
    check,
};

static FLUSH: Pattern = Pattern::new(
    r"\bflush(all|db)\b|\.flush_?(all|db)\s*\(|\bcache\.(clear|flush|invalidate_?all|reset)\s*\(|\bRails\.cache\.clear\b|\bdelete_matched\b|\bpurge_?(everything|all)\b|\bpurgeAll\s*\(|\b(CACHE_VERSION|cache_version|CACHE_PREFIX)\s*[:=]|\bcache:clear\b|\btmp:cache:clear\b|\bCache::flush\s*\(|cache\(\)->flush\(|\bcaches\[[^\]]+\]\.clear\(|create-invalidation\b.*['\x22]/\*['\x22]|\bkeys\s*\(\s*['\x22]\*['\x22]",
);
static COMMENT: Pattern = Pattern::new(r"^\s*(#|//|/\*|\*)");

fn check(file: &ChangedFile<'_>, _: &Change<'_>, out: &mut Vec<Hit>) {
    if file.is_test() || file.path_has(&[".md"]) {
        return;
    }
    let deploy = file.path_has(&[
        "deploy",
        "release",
        "entrypoint",
        "initializers/",
        "hooks/",
        "capistrano",
        "procfile",
        ".github/workflows/",
    ]);
    for line in file.added() {
        if COMMENT.is_match(&line.text) || !FLUSH.is_match(&line.text) {
            continue;
        }
        let hit = Hit::at(line);
        out.push(if deploy {
            hit.because("a cache flush on every deploy or boot sends the full load to the database each time, and a shared Redis may hold sessions")
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
    fn flushes_in_each_ecosystem() {
        for (path, body) in [
            (
                "lib/tasks/cache.rake",
                "task reset_cache: :environment do\n  Rails.cache.clear\nend",
            ),
            ("scripts/deploy.sh", "redis-cli -h \"$REDIS_HOST\" FLUSHALL"),
            (
                "app/services/articles.rb",
                "Rails.cache.delete_matched(\"articles/*\")",
            ),
            ("news/signals.py", "cache.clear()"),
            ("src/cache.ts", "await redis.flushdb();"),
            (
                "config/initializers/cache_version.rb",
                "CACHE_VERSION = 'v7'",
            ),
            (
                "deploy/cdn.sh",
                "aws cloudfront create-invalidation --distribution-id $DIST --paths \"/*\"",
            ),
            ("app/Console/Kernel.php", "Cache::flush();"),
        ] {
            assert_eq!(lines(&RULE, path, body).len(), 1, "{path}");
        }
        assert!(lines(&RULE, "spec/cache_spec.rb", "Rails.cache.clear").is_empty());
        assert!(lines(
            &RULE,
            "app/services/articles.rb",
            "Rails.cache.delete(\"article/#{id}\")"
        )
        .is_empty());
    }
}
