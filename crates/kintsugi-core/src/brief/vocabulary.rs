//! The words a briefing weighs, and those it does not: words too common in
//! code, SQL and prose to tell stories apart, tags that libraries spell
//! differently for the same concern, and how identifiers split into words.
//!
//! Invariant: everything here is a fixed table; changing it changes what
//! `tests/brief_quality.rs` measures, so run it after an edit.

/// Words too common in code, SQL or prose to tell stories apart.
#[rustfmt::skip]
const COMMON: &[&str] = &[
    "the", "and", "for", "with", "that", "this", "from", "into", "are", "was", "were", "has",
    "have", "had", "not", "but", "all", "any", "can", "will", "would", "should", "could", "when",
    "then", "than", "else", "elif", "end", "def", "class", "module", "return", "returns", "true",
    "false", "nil", "null", "none", "self", "let", "const", "var", "function", "func", "fn",
    "import", "export", "require", "include", "extend", "public", "private", "protected",
    "static", "void", "int", "integer", "string", "str", "bool", "boolean", "float", "new",
    "async", "await", "yield", "lambda", "package", "type", "struct", "impl", "use", "mod", "pub",
    "match", "case", "begin", "rescue", "ensure", "raise", "throw", "try", "except", "catch",
    "finally", "pass", "print", "puts", "log", "logger", "info", "debug", "warn", "get", "set",
    "put", "post", "value", "values", "key", "keys", "name", "names", "data", "item", "items",
    "list", "map", "obj", "object", "args", "kwargs", "params", "param", "opts", "options",
    "result", "results", "res", "req", "request", "response", "ctx", "context", "err", "error",
    "errors", "exception", "foo", "bar", "baz", "tmp", "temp", "test", "tests", "spec", "specs",
    "describe", "expect", "assert", "app", "apps", "lib", "src", "main", "index", "util", "utils",
    "helper", "helpers", "config", "default", "defaults", "super", "init", "http", "https", "www",
    "com", "org", "net", "json", "yaml", "yml", "txt", "rb", "py", "js", "ts", "go", "java",
    "sql", "md", "html", "erb", "diff", "git", "file", "files", "line", "lines", "code", "todo",
    "fixme", "note", "also", "only", "just", "more", "most", "some", "such", "each", "every",
    "other", "our", "your", "their", "its", "it", "we", "you", "they", "one", "two", "used",
    "using", "via", "per", "about", "after", "before", "over", "under", "out", "off", "on", "in",
    "of", "to", "by", "at", "as", "is", "be", "or", "an", "a", "if", "do", "does", "did", "done",
    "so", "no", "yes", "up", "down", "id", "ids", "uuid", "attr", "attrs", "field", "fields",
    "model", "models", "migration", "migrations", "change", "changes", "version", "add", "adds",
    "added", "remove", "removed", "update", "updated", "create", "created", "delete", "deleted",
    "run", "runs", "call", "calls", "make", "makes", "now", "time", "times", "old", "first",
    "last", "next", "against", "once", "whole", "live", "still", "without", "where", "while",
    "those", "which", "what", "there", "here", "been", "being", "them", "these", "onto", "upon",
    "same", "again", "ever", "never", "usually", "often", "much", "many", "less", "least",
    "nothing", "anyone", "everyone", "someone", "nobody", "alter", "table", "tables", "column",
    "columns", "constraint", "foreign", "references", "select", "insert", "primary", "unique",
    "exists", "cascade", "varchar", "text", "bigint", "serial", "timestamp", "timestamptz",
    "numeric", "commit", "transaction", "execute", "schema", "upgrade", "downgrade", "revision",
    "dependencies", "operations", "activerecord", "ddl",
];

/// Whether `word` (lowercase) is too common to count.
pub fn common(word: &str) -> bool {
    let digits = word.chars().all(|c| c.is_ascii_digit());
    // Long numbers are specific (2147483647); short ones are noise.
    word.len() < 3 || (digits && word.len() < 6) || COMMON.contains(&word)
}

/// Tags the library writes differently for the same concern: a story
/// tagged with one of these shares the key's tag at half its weight.
pub const TAG_RELATIVES: &[(&str, &[&str])] = &[
    (
        "migration",
        &["database-migration", "schema-change", "database-upgrade"],
    ),
    ("deploy", &["deployment", "deployment-pipeline", "release"]),
    (
        "data-loss",
        &[
            "deletion",
            "data-deletion",
            "file-deletion",
            "truncation",
            "truncate",
            "data-corruption",
        ],
    ),
    ("cache", &["memcached", "cache-purge", "tiered-cache"]),
    ("retry", &["exponential-backoff"]),
    ("timeout", &["health-check", "latency"]),
    (
        "cron",
        &[
            "cron-job",
            "background-job",
            "background-jobs",
            "cleanup-job",
            "jobs",
            "scheduler",
        ],
    ),
    ("feature-flag", &["flag-targeting"]),
    ("email", &["notifications", "repeated-emails", "sms"]),
    ("notification", &["email", "repeated-emails", "sms"]),
    (
        "configuration",
        &[
            "configuration-change",
            "misconfiguration",
            "dynamic-configuration",
            "configuration-error",
        ],
    ),
    ("dns", &["internal-dns", "dnssec"]),
    ("logging", &["logs", "cloudwatch-logs", "disk-space"]),
    ("admin-tool", &["maintenance", "manual-process"]),
    ("dependency", &["dependabot", "upgrade"]),
    ("locking", &["lock", "locks", "deadlock"]),
    ("time", &["leap-second", "timekeeping", "leap-day-bug"]),
];

/// `NightlySyncJob`, `public_id`, `checkout-v2` → their lowercase words.
pub fn split_identifier(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    for part in name.split(|c: char| !c.is_alphanumeric()) {
        let mut current = String::new();
        let chars: Vec<char> = part.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            let boundary = c.is_uppercase()
                && i > 0
                && (chars[i - 1].is_lowercase()
                    || chars.get(i + 1).is_some_and(|n| n.is_lowercase())
                        && chars[i - 1].is_uppercase());
            if boundary && !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            current.extend(c.to_lowercase());
        }
        if !current.is_empty() {
            words.push(current);
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_split_into_words() {
        assert_eq!(
            split_identifier("NightlySyncJob"),
            ["nightly", "sync", "job"]
        );
        assert_eq!(split_identifier("public_id"), ["public", "id"]);
        assert_eq!(split_identifier("checkout-v2"), ["checkout", "v2"]);
        assert_eq!(split_identifier("HTTPServer"), ["http", "server"]);
        assert_eq!(split_identifier("orders"), ["orders"]);
    }

    #[test]
    fn common_words_and_numbers() {
        assert!(common("alter") && common("the") && common("42"));
        assert!(!common("2147483647"), "long numbers are specific");
        assert!(!common("orders"));
    }
}
