//! The built-in words the generator fills its templates with: topics (tag,
//! the thing that broke, the words that find fitting corpus sentences),
//! companies, products, teams, section templates, and a small fallback
//! prose used when the public corpus is not beside the repository.
//!
//! Topics are ranked: the generator draws them with a Zipf-like law, so
//! `database` or `deploy` are on many stories and `leap-second` on few, as
//! in a real library. All text here is written for this benchmark.

/// A subject a story can be about.
#[derive(Debug, Clone, Copy)]
pub struct Topic {
    /// Tag written in the front matter.
    pub tag: &'static str,
    /// What broke, as it reads in a sentence ("the schema migration").
    pub noun: &'static str,
    /// Lower-case words that mark a corpus sentence as fitting this topic.
    pub keywords: &'static [&'static str],
    /// Sentences only stories on this topic say (contributing factors,
    /// lessons); they carry rare phrases such as "retry storm".
    pub specific: &'static [&'static str],
}

const fn topic(
    tag: &'static str,
    noun: &'static str,
    keywords: &'static [&'static str],
    specific: &'static [&'static str],
) -> Topic {
    Topic {
        tag,
        noun,
        keywords,
        specific,
    }
}

/// Topics, most common first.
pub const TOPICS: &[Topic] = &[
    topic("database", "primary database", &["database"], &[
        "The primary database ran out of headroom during the evening peak.",
        "Replica lag on the database hid the problem from the read path.",
    ]),
    topic("deploy", "deploy pipeline", &["deploy"], &[
        "The deploy went to every region at once instead of one at a time.",
    ]),
    topic("config", "configuration change", &["config"], &[
        "A configuration change was pushed without a canary stage.",
        "The config file was valid YAML but meant something else than intended.",
    ]),
    topic("networking", "internal network", &["network"], &[
        "Packet loss between two zones looked like an application bug for an hour.",
    ]),
    topic("kubernetes", "Kubernetes cluster", &["kubernetes", "cluster", "pod"], &[
        "Pods were evicted faster than the scheduler could place them.",
    ]),
    topic("cloud", "cloud region", &["region", "cloud"], &[]),
    topic("monitoring", "alerting", &["alert", "monitor"], &[
        "The dashboard that would have shown the problem had been deleted months earlier.",
    ]),
    topic("postgres", "Postgres primary", &["postgres"], &[
        "Autovacuum could not keep up with the update rate on the orders table.",
    ]),
    topic("dns", "DNS resolver", &["dns"], &[
        "A DNS record with a long TTL kept clients pointed at the old address.",
    ]),
    topic("migrations", "schema migration", &["migration"], &[
        "The migration took an exclusive lock on the table while it rewrote every row.",
        "Queries queued behind the migration's lock until the connection limit was reached.",
        "Run every migration with a lock timeout so it fails fast instead of blocking writes.",
    ]),
    topic("cache", "cache tier", &["cache"], &[
        "A cold cache after the restart sent every read to the database.",
    ]),
    topic("capacity", "capacity headroom", &["capacity", "load"], &[]),
    topic("storage", "storage cluster", &["storage", "disk"], &[]),
    topic("load-balancer", "load balancer", &["balancer"], &[
        "The load balancer's health check passed while the service returned errors.",
    ]),
    topic("mysql", "MySQL replica", &["mysql"], &[]),
    topic("timeouts", "client timeouts", &["timeout"], &[
        "Timeouts were longer upstream than downstream, so work piled up in the middle.",
    ]),
    topic("replication", "replication stream", &["replicat"], &[]),
    topic("rollback", "rollback", &["rollback", "roll back", "rolled back"], &[
        "The rollback could not help because the data had already been rewritten.",
    ]),
    topic("redis", "Redis cluster", &["redis"], &[]),
    topic("certificates", "TLS certificate", &["certificate"], &[
        "The intermediate certificate expired although the leaf certificates were rotated daily.",
        "Nobody was alerted before the certificate expired.",
    ]),
    topic("queue", "message queue", &["queue"], &[]),
    topic("auth", "authentication service", &["auth", "login"], &[]),
    topic("connection-pooling", "connection pool", &["connection"], &[
        "The connection pool to the database was sized for last year's traffic.",
        "Every worker waited on the connection pool while the database sat idle.",
    ]),
    topic("cdn", "CDN", &["cdn", "edge"], &[]),
    topic("failover", "failover", &["failover", "fail over"], &[
        "The failover had been tested only with an empty database.",
    ]),
    topic("kafka", "Kafka brokers", &["kafka"], &[]),
    topic("feature-flags", "feature flag", &["flag"], &[]),
    topic("data-loss", "backups", &["backup", "data loss"], &[
        "The last restore test had been run two years before the incident.",
    ]),
    topic("security", "access controls", &["security", "access"], &[]),
    topic("bgp", "BGP announcements", &["bgp", "route"], &[]),
    topic("dependency", "third-party dependency", &["dependency", "vendor", "provider"], &[]),
    topic("cron", "cron job", &["cron", "scheduled"], &[
        "An unquoted cron string in YAML was read as a number.",
    ]),
    topic("memory", "memory limits", &["memory"], &[]),
    topic("disk-full", "disk space", &["disk"], &[]),
    topic("latency", "request latency", &["latency"], &[]),
    topic("ci", "CI pipeline", &["build", "pipeline"], &[]),
    topic("terraform", "Terraform plan", &["terraform"], &[]),
    topic("orm", "ORM", &["orm", "query"], &[
        "The ORM set a foreign key to null when a cron job saved a stale object.",
    ]),
    topic("deadlock", "lock ordering", &["deadlock", "lock"], &[]),
    topic("rate-limiting", "rate limiter", &["rate limit", "throttl"], &[]),
    topic("ddos", "traffic filter", &["ddos", "attack"], &[]),
    topic("time", "clock", &["clock"], &[]),
    topic("retries", "client retries", &["retry", "retries"], &[
        "Clients retried without backoff, and the retry storm kept the service saturated.",
        "A retry storm from the mobile clients doubled the load within minutes.",
    ]),
    topic("circuit-breaker", "circuit breaker", &["breaker"], &[]),
    topic("logging", "logging pipeline", &["log"], &[]),
    topic("oncall", "on-call rotation", &["page", "on-call"], &[]),
    topic("runbook", "runbook", &["runbook"], &[]),
    topic("hardware", "hardware", &["hardware"], &[]),
    topic("power", "power supply", &["power"], &[]),
    topic("search", "search index", &["search", "index"], &[]),
    topic("object-storage", "object storage", &["s3", "bucket"], &[]),
    topic("payments", "payments service", &["payment"], &[]),
    topic("email", "email delivery", &["email"], &[]),
    topic("mobile", "mobile clients", &["mobile"], &[]),
    topic("api-gateway", "API gateway", &["gateway"], &[]),
    topic("secrets", "secrets store", &["secret", "credential"], &[]),
    topic("permissions", "permissions", &["permission"], &[]),
    topic("regex", "regular expression", &["regex", "regular expression"], &[]),
    topic("encoding", "character encoding", &["encoding", "unicode"], &[]),
    topic("garbage-collection", "garbage collector", &["garbage"], &[]),
    topic("thundering-herd", "cache stampede", &["stampede", "herd"], &[]),
    topic("split-brain", "split brain", &["split"], &[]),
    topic("consensus", "consensus cluster", &["quorum", "raft", "etcd"], &[]),
    topic("upgrade", "version upgrade", &["upgrade"], &[]),
    topic("schema", "schema", &["schema"], &[]),
    topic("indexing", "database index", &["index"], &[]),
    topic("hot-partition", "hot partition", &["partition"], &[]),
    topic("sharding", "shard map", &["shard"], &[]),
    topic("leap-second", "leap second handling", &["leap"], &[]),
];

/// Company names, most common first. Invented for this benchmark.
pub const COMPANIES: &[&str] = &[
    "Larkspur Retail",
    "Brightwater Bank",
    "Quillmate",
    "Tidewell",
    "Copperleaf Health",
    "Northgate Logistics",
    "Fernhill Games",
    "Bluefin Payments",
    "Saltmarsh Media",
    "Ironbark Cloud",
    "Kestrel Maps",
    "Orchard Learning",
    "Pebblestone Insurance",
    "Redwing Travel",
    "Silverline Telecom",
    "Thistle Foods",
    "Umberwood Energy",
    "Vantage Analytics",
    "Willowmere Housing",
    "Yarrow Music",
    "Zephyr Mobility",
    "Ashgrove Security",
    "Birchway Books",
    "Cinder Labs",
    "Driftwood Social",
    "Elmstead Freight",
    "Foxglove Ticketing",
    "Glenmoor Water",
    "Hollowbrook Pharmacy",
    "Juniper Dating",
];

/// Products, any company.
pub const PRODUCTS: &[&str] = &[
    "checkout",
    "payments API",
    "search",
    "login",
    "mobile app",
    "storefront",
    "billing",
    "notifications",
    "dashboard",
    "public API",
    "webhooks",
    "image uploads",
    "video streaming",
    "chat",
    "order tracking",
    "reporting",
];

/// Owners of action items.
pub const TEAMS: &[&str] = &[
    "Platform team",
    "Database team",
    "SRE",
    "Payments team",
    "Networking team",
    "Security team",
    "Storefront team",
    "Data team",
    "Release engineering",
    "Mobile team",
];

/// Kinds of change that start incidents.
pub const CHANGES: &[&str] = &[
    "configuration change",
    "routine deploy",
    "schema change",
    "dependency upgrade",
    "capacity change",
    "certificate rotation",
    "network maintenance",
    "feature flag flip",
];

/// What customers saw.
pub const IMPACTS: &[&str] = &[
    "returning errors",
    "unavailable",
    "slow",
    "partly unavailable",
    "serving stale data",
    "dropping requests",
];

/// Titles; `{noun}` (capitalised when it opens the title), `{product}`, `{change}`.
pub const TITLES: &[&str] = &[
    "{noun} failure took down {product}",
    "{product} outage after a {change}",
    "Degraded {product} caused by the {noun}",
    "{noun} trouble during a routine {change}",
    "Elevated errors in {product} traced to the {noun}",
    "Partial {product} outage: the {noun} gave way",
    "{noun} exhaustion slowed {product} to a crawl",
    "How a {change} broke {product}",
    "{product} down for hours after the {noun} failed",
];

/// First sentence of a summary.
pub const SUMMARY_OPENINGS: &[&str] = &[
    "A {change} to the {noun} left {product} {impact} for {minutes} minutes.",
    "{product} was {impact} for {minutes} minutes after the {noun} failed.",
    "For {minutes} minutes {product} was {impact}; the {noun} was at the centre of it.",
];

/// Timeline entries, in the order they happen.
pub const TIMELINE: &[&str] = &[
    "The {change} began rolling out.",
    "Alerts fired for elevated {product} error rates.",
    "The on-call engineer acknowledged the page and opened an incident channel.",
    "The {noun} was identified as the likely cause.",
    "The {change} was rolled back and traffic began to recover.",
    "Error rates returned to normal and the incident was resolved.",
];

/// "What went wrong" entries.
pub const WENT_WRONG: &[&str] = &[
    "The first alert went to a channel nobody watched at night.",
    "It took {minutes} minutes to find who owned the {noun}.",
    "The status page said everything was fine for most of the incident.",
    "The rollback procedure for the {noun} was out of date.",
];

/// "What went well" entries.
pub const WENT_WELL: &[&str] = &[
    "The incident channel stayed calm and focused.",
    "Customer support heard about the problem from our status page, not from customers.",
    "The rollback of the {change} worked the first time.",
];

/// "Where we got lucky" entries.
pub const GOT_LUCKY: &[&str] = &[
    "The incident happened in a low-traffic window.",
    "An engineer who knew the {noun} well happened to be on call.",
    "A backup had completed minutes before the failure.",
    "The bad change reached only one region before it was stopped.",
];

/// Contributing factors.
pub const FACTORS: &[&str] = &[
    "The {noun} had no alert for this failure mode.",
    "The {change} was rolled out everywhere at once.",
    "Load tests did not cover the {noun} at production size.",
    "Two teams each assumed the other owned the {noun}.",
];

/// Lessons.
pub const LESSONS: &[&str] = &[
    "Test {noun} changes against production-sized data before rollout.",
    "Roll out every {change} region by region, watching error rates between steps.",
    "An alert nobody receives is not an alert.",
    "Write down who owns the {noun} before you need to know.",
];

/// Action items.
pub const ACTIONS: &[&str] = &[
    "Add an alert on {noun} saturation",
    "Document the {noun} recovery steps in the runbook",
    "Stage every {change} behind a canary",
    "Run a game day that fails the {noun}",
    "Load test the {noun} at twice today's peak",
];

/// Prose used instead of corpus sentences when the corpus is absent.
pub const FALLBACK_PROSE: &[&str] = &[
    "Shortly after the change went out, requests to the service began to fail.",
    "Engineers saw error rates climb on the main dashboard within a few minutes.",
    "The database stayed healthy, but the application servers could not reach it.",
    "Traffic was shifted to the secondary region while the team investigated.",
    "A restart of the affected hosts brought some relief, but the errors returned.",
    "The team paused all deploys until the cause was understood.",
    "Customers reported slow page loads and failed payments on social media.",
    "The issue was made worse by automated clients that retried immediately.",
    "Disk usage on the database hosts grew quickly as logs filled the volume.",
    "Once the faulty setting was reverted, latency returned to normal levels.",
    "The incident commander asked for a status update every fifteen minutes.",
    "A manual failover to the standby database took longer than planned.",
    "Monitoring showed the queue depth rising steadily for hours before the outage.",
    "No data was lost, although some writes were delayed by up to an hour.",
    "The root of the problem was a default value that nobody had reviewed.",
    "Several services shared the same database, so one slow query affected all of them.",
    "Engineers added capacity, but the new nodes could not join the cluster.",
    "The load balancer kept sending traffic to instances that were failing health checks.",
    "The problem only appeared under production load, which is why testing missed it.",
    "After the fix was deployed, the team watched the graphs for another hour.",
    "Support tickets doubled during the incident and took two days to clear.",
    "The change had been reviewed, but its effect on the database was not obvious.",
    "A stale cache entry kept pointing clients at a host that no longer existed.",
    "Backups were intact, and a restore was prepared but not needed.",
    "The alert threshold had been raised months earlier to reduce noise.",
    "The timeline was reconstructed from chat logs and deploy records.",
    "Some requests succeeded on retry, which made the failure look intermittent.",
    "The database connection limit was reached within seconds of the restart.",
    "The fix was small, but finding it took most of the incident.",
    "Later analysis showed the same pattern in two smaller incidents earlier that year.",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topic_tags_are_unique_and_templates_only_use_known_slots() {
        let mut tags: Vec<&str> = TOPICS.iter().map(|t| t.tag).collect();
        tags.sort_unstable();
        let before = tags.len();
        tags.dedup();
        assert_eq!(before, tags.len(), "duplicate topic tag");
        let known = ["{noun}", "{product}", "{change}", "{impact}", "{minutes}"];
        for template in TITLES
            .iter()
            .chain(SUMMARY_OPENINGS)
            .chain(TIMELINE)
            .chain(WENT_WRONG)
            .chain(WENT_WELL)
            .chain(GOT_LUCKY)
            .chain(FACTORS)
            .chain(LESSONS)
            .chain(ACTIONS)
        {
            let mut rest = *template;
            while let Some(open) = rest.find('{') {
                let close = rest[open..].find('}').expect("closed slot") + open;
                assert!(known.contains(&&rest[open..=close]), "{template}");
                rest = &rest[close + 1..];
            }
        }
    }
}
