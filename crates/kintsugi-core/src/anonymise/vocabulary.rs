//! Built-in word lists the detectors consult: technical vocabulary and
//! public vendors that must stay, common English words (which a capitalised
//! word at a sentence start or in a title-case heading usually is), common
//! first names and surnames, public domains, top-level domains and role
//! mailboxes. All entries are lowercase; lookups lowercase their input.

/// Technical vocabulary (languages, open-source projects, protocols,
/// acronyms), places that name cloud regions, days and months: never a
/// person and never replaced, even where a story names one as its company
/// or product. Users extend it with [`super::Glossary::allow`].
#[rustfmt::skip]
pub const ALLOW: &[&str] = &[
    "hugo", "jekyll", "hadoop", "spark", "flink", "airflow", "dagster", "kibana", "nomad",
    "rust", "go", "golang", "python", "ruby", "java", "kotlin", "scala", "swift", "javascript",
    "typescript", "node", "nodejs", "deno", "bun", "php", "perl", "erlang", "elixir", "haskell",
    "clojure", "julia", "ada", "fortran", "cobol", "lua", "bash", "zsh", "powershell", "c",
    "c++", "c#", "f#", "rails", "django", "flask", "spring", "laravel", "react", "vue",
    "svelte", "angular", "next", "express", "tokio", "serde", "yaml", "json", "toml", "xml",
    "html", "css", "csv", "protobuf", "grpc", "graphql", "rest", "soap", "sql", "nosql",
    "regex", "markdown", "unicode", "utf", "ascii", "jvm", "llvm", "gcc", "wasm", "webassembly",
    "jit", "postgresql", "postgres", "mysql", "mariadb", "sqlite", "oracle", "mongodb", "mongo",
    "redis", "memcached", "cassandra", "cockroachdb", "clickhouse", "elasticsearch",
    "opensearch", "solr", "lucene", "kafka", "rabbitmq", "zookeeper", "etcd", "consul", "vault",
    "nomad", "sidekiq", "celery", "resque", "pgbouncer", "patroni", "vitess", "galera",
    "innodb", "rocksdb", "leveldb", "influxdb", "prometheus", "grafana", "loki", "tempo",
    "jaeger", "zipkin", "kibana", "logstash", "fluentd", "nagios", "zabbix", "opentelemetry",
    "thanos", "cortex", "mimir", "alertmanager", "victoriametrics", "kubernetes", "k8s",
    "docker", "containerd", "podman", "helm", "terraform", "ansible", "puppet", "chef", "salt",
    "packer", "vagrant", "nginx", "apache", "haproxy", "envoy", "istio", "linkerd", "traefik",
    "caddy", "varnish", "squid", "bgp", "ospf", "dns", "dhcp", "ntp", "nfs", "ceph", "gluster",
    "zfs", "ext4", "xfs", "btrfs", "raid", "lvm", "systemd", "cron", "crontab", "linux", "unix",
    "ubuntu", "debian", "centos", "rhel", "fedora", "alpine", "windows", "macos", "freebsd",
    "openbsd", "android", "ios", "jenkins", "argo", "argocd", "flux", "spinnaker", "git",
    "openssl", "letsencrypt", "openvpn", "wireguard", "ipsec", "iptables", "nftables", "ebpf",
    "kvm", "xen", "vmware", "esxi", "hyper-v", "qemu", "firecracker", "vpc", "arm", "x86",
    "npm", "yarn", "pnpm", "pip", "pypi", "cargo", "crates", "maven", "gradle", "bazel", "make",
    "cmake", "webpack", "vite", "babel", "eslint", "prettier", "junit", "pytest", "selenium",
    "cypress", "playwright", "cloud", "compute", "engine", "workers", "pages", "actions",
    "http", "https", "http2", "http3", "tcp", "udp", "ip", "ipv4", "ipv6", "tls", "ssl", "ssh",
    "smtp", "imap", "ftp", "sftp", "quic", "mtu", "nat", "vlan", "vpn", "cdn", "api", "apis",
    "sdk", "cli", "gui", "ui", "ux", "url", "uri", "uuid", "jwt", "oauth", "saml", "sso", "mfa",
    "ldap", "tpm", "hsm", "kms", "pki", "cpu", "gpu", "ram", "ssd", "hdd", "nvme", "iops", "os",
    "vm", "vms", "db", "ci", "cd", "sre", "devops", "qa", "sla", "slo", "sli", "slas", "slos",
    "rto", "rpo", "mttr", "mttd", "oom", "gc", "acl", "acls", "crd", "pod", "pods", "cve",
    "ddos", "waf", "lb", "ha", "dr", "az", "utc", "gmt", "pst", "pdt", "est", "edt", "cet",
    "cest", "bst", "ist", "sev", "sev0", "sev1", "sev2", "sev3", "sev4", "p0", "p1", "p2", "p3",
    "p4", "rca", "pr", "prs", "ok", "ttl", "dnssec", "pid", "sha", "md5", "aes", "rsa", "gzip",
    "zstd", "lz4", "tar", "posix", "eof", "us", "eu", "uk", "usa", "europe", "asia", "america",
    "americas", "pacific", "atlantic", "virginia", "ohio", "oregon", "california", "ireland",
    "frankfurt", "london", "paris", "stockholm", "milan", "tokyo", "osaka", "seoul",
    "singapore", "sydney", "mumbai", "sao", "paulo", "canada", "montreal", "toronto", "dublin",
    "amsterdam", "berlin", "zurich", "iowa", "texas", "dallas", "chicago", "seattle", "york",
    "new", "san", "francisco", "jose", "los", "angeles", "washington", "india", "china",
    "japan", "germany", "france", "brazil", "australia", "africa", "south", "north", "east",
    "west", "central", "christmas", "thanksgiving", "easter", "halloween", "black", "friday",
    "cyber", "monday", "tuesday", "wednesday", "thursday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun",
];

/// Public vendors and their products: kept wherever they are only mentioned
/// ("we host on AWS"), replaced in a story whose own company, product or
/// glossary names them.
#[rustfmt::skip]
pub const VENDORS: &[&str] = &[
    "github", "gitlab", "bitbucket", "gerrit", "jira", "confluence", "slack", "zoom", "teams",
    "discord", "irc", "google", "amazon", "microsoft", "apple", "meta", "facebook", "intel",
    "amd", "nvidia", "ibm", "canonical", "hashicorp", "atlassian", "okta", "auth0", "stripe",
    "twilio", "sendgrid", "mailgun", "firefox", "chrome", "chromium", "safari", "edge",
    "openai", "anthropic", "aws", "gcp", "azure", "cloudflare", "fastly", "akamai", "heroku",
    "netlify", "vercel", "digitalocean", "linode", "hetzner", "ovh", "sentry", "datadog",
    "pagerduty", "opsgenie", "statuspage", "honeycomb", "newrelic", "splunk", "buildkite",
    "circleci", "travis", "lambda", "fargate", "ecs", "eks", "gke", "aks", "ec2", "s3", "ebs",
    "efs", "rds", "aurora", "elb", "alb", "nlb", "cloudfront", "route53", "iam", "sqs", "sns",
    "kinesis", "cloudwatch", "cloudtrail", "dynamodb", "spanner", "bigtable", "bigquery",
    "snowflake", "codespaces", "copilot", "red", "hat",
];

/// Common English words (and words often capitalised in headings and at the
/// start of sentences in postmortems). A capitalised common word is not a name.
#[rustfmt::skip]
pub const COMMON: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sir", "madam",
    "a", "about", "above", "access", "account", "accounts", "across", "action", "actions",
    "active", "add", "added", "additional", "after", "afternoon", "again", "against", "alert",
    "alerts", "alerting", "all", "almost", "along", "already", "also", "although", "always",
    "an", "analysis", "and", "another", "answer", "any", "anyone", "anything", "appendix",
    "application", "approach", "are", "around", "as", "ask", "asked", "at", "attempt",
    "automated", "automatic", "availability", "available", "back", "background", "backup",
    "backups", "bad", "balancer", "based", "be", "because", "been", "before", "began", "behind",
    "being", "below", "best", "better", "between", "big", "billing", "both", "brief", "broken",
    "bug", "bugs", "build", "builds", "but", "by", "cache", "caching", "call", "called",
    "calls", "can", "capacity", "cause", "caused", "causes", "certificate", "change", "changed",
    "changes", "channel", "check", "checked", "checks", "clean", "client", "clients", "close",
    "closed", "cluster", "clusters", "code", "commander", "communication", "complete",
    "completed", "config", "configuration", "connection", "connections", "consider",
    "contributing", "control", "core", "correct", "could", "count", "critical", "current",
    "customer", "customers", "daily", "dashboard", "dashboards", "data", "database",
    "databases", "date", "day", "days", "deadlock", "decided", "degraded", "delay", "delete",
    "deleted", "dependency", "deploy", "deployed", "deploys", "deployment", "deployments",
    "description", "detail", "details", "detected", "detection", "did", "disk", "disks", "do",
    "document", "documentation", "does", "done", "down", "downtime", "drive", "during", "each",
    "early", "either", "else", "email", "emails", "emergency", "end", "engineer", "engineering",
    "engineers", "enough", "entire", "error", "errors", "escalation", "even", "evening",
    "event", "events", "every", "everyone", "everything", "example", "executive", "expected",
    "experience", "explanation", "fact", "factor", "factors", "fail", "failed", "failing",
    "failover", "fails", "failure", "failures", "feature", "few", "file", "files", "final",
    "finally", "find", "first", "fix", "fixed", "fixes", "flag", "flags", "follow", "following",
    "for", "from", "front", "full", "further", "future", "gateway", "get", "given", "global",
    "go", "good", "got", "great", "had", "half", "handler", "happened", "has", "have", "he",
    "health", "healthy", "help", "her", "here", "high", "him", "his", "history", "host",
    "hosts", "hour", "hours", "how", "however", "i", "identified", "if", "impact", "impacted",
    "improve", "improvement", "improvements", "in", "incident", "incidents", "increase",
    "increased", "index", "information", "infrastructure", "initial", "instead", "internal",
    "into", "investigation", "is", "issue", "issues", "it", "its", "job", "jobs", "just", "key",
    "keys", "known", "large", "last", "late", "later", "latency", "lead", "learned", "least",
    "less", "lessons", "let", "level", "like", "limit", "limits", "line", "list", "load",
    "local", "log", "logs", "long", "look", "looked", "lost", "low", "lucky", "made", "main",
    "maintenance", "major", "make", "manager", "manual", "many", "master", "maybe", "me",
    "memory", "message", "messages", "metrics", "migration", "minor", "minute", "minutes",
    "missing", "mitigation", "mode", "monitoring", "more", "morning", "most", "move", "moved",
    "much", "must", "my", "near", "need", "needed", "network", "never", "next", "night", "no",
    "node", "nodes", "none", "nor", "normal", "not", "note", "notes", "nothing", "now",
    "number", "of", "off", "office", "old", "on", "once", "one", "only", "open", "operations",
    "operator", "or", "order", "other", "our", "out", "outage", "outages", "over", "overview",
    "owner", "page", "paged", "pager", "part", "partial", "people", "per", "performance",
    "phase", "plan", "platform", "please", "point", "policy", "pool", "post", "postmortem",
    "postmortems", "primary", "problem", "problems", "process", "product", "production",
    "prevention", "proxy", "public", "put", "query", "queries", "queue", "quick", "quickly",
    "rate", "read", "real", "reason", "recovery", "region", "regional", "release",
    "remediation", "replica", "replicas", "replication", "report", "request", "requests",
    "resolution", "resolved", "response", "responder", "responders", "restart", "restarted",
    "restore", "result", "retry", "retries", "review", "rollback", "rolled", "rollout", "root",
    "run", "runbook", "running", "safe", "same", "saw", "schema", "second", "seconds",
    "security", "see", "server", "servers", "service", "services", "session", "set", "several",
    "she", "should", "side", "since", "single", "site", "slow", "small", "so", "some",
    "someone", "something", "soon", "source", "staff", "stage", "staging", "start", "started",
    "state", "status", "step", "steps", "still", "stop", "storage", "store", "subsequently",
    "success", "such", "summary", "support", "switch", "system", "systems", "table", "take",
    "task", "team", "teams", "technical", "test", "testing", "tests", "than", "that", "the",
    "their", "them", "then", "there", "these", "they", "thing", "things", "third", "this",
    "those", "though", "three", "through", "ticket", "time", "timeline", "timeout", "timeouts",
    "times", "to", "today", "together", "tomorrow", "too", "tool", "tools", "total", "traffic",
    "trigger", "triggered", "two", "under", "unit", "until", "up", "update", "updated",
    "updates", "upgrade", "upon", "usage", "use", "used", "user", "users", "using", "value",
    "version", "very", "via", "wait", "want", "warning", "was", "watch", "way", "we", "web",
    "week", "weekend", "well", "went", "were", "what", "when", "where", "whether", "which",
    "while", "who", "why", "will", "with", "within", "without", "work", "worked", "worker",
    "would", "wrong", "year", "yes", "yesterday", "yet", "you", "your", "zone", "zones",
    "finding", "findings", "meanwhile", "overall", "unfortunately", "fortunately", "luckily",
    "initially", "eventually", "shortly", "approximately", "nobody", "somebody", "oh", "hi",
    "hello", "thanks", "thank", "sorry", "yeah", "okay", "sure", "right", "left", "new",
    "previous", "prior", "upstream", "downstream", "cold", "hot", "warm", "dark", "blue",
    "green", "red", "yellow", "orange", "purple", "white", "gray", "grey", "disaster", "war",
    "story", "stories", "room", "bridge", "chat", "thread", "doc", "docs", "wiki", "board",
    "ops", "dev", "prod", "beta", "alpha", "gamma", "delta", "stable", "legacy", "shared",
    "private", "secret", "secrets", "token", "tokens", "credential", "credentials", "password",
    "passwords", "sign", "login", "logout", "auth", "authentication", "authorization",
    "permission", "permissions", "role", "roles", "rule", "rules", "leader", "follower",
    "election", "consensus", "quorum", "shard", "shards", "partition", "partitions", "batch",
    "stream", "streams", "pipeline", "pipelines", "scheduler", "schedule", "script", "scripts",
    "library", "libraries", "module", "modules", "package", "packages", "image", "images",
    "container", "containers", "volume", "volumes", "kernel", "driver", "drivers", "firmware",
    "hardware", "software", "power", "cooling", "datacenter", "facility", "rack", "racks",
    "switches", "router", "routers", "link", "links", "fiber", "cable", "circuit", "breaker",
    "generator", "battery", "batteries", "grid", "mission", "launch", "flight", "orbit",
    "space", "ground", "station", "vehicle", "acknowledged", "escalated", "declared",
    "mitigated", "investigating", "paging", "rolling", "reverted", "revert", "disabled",
    "enabled", "scaled", "drained", "promoted", "noticed", "confirmed", "reviewed", "approved",
    "merged", "owned", "owns", "owners", "leads", "head", "chief", "director", "vp", "cto",
    "ceo", "cfo", "coo", "president", "principal", "senior", "junior", "intern", "contractor",
    "vendor", "vendors", "partner", "partners", "company", "companies", "organisation",
    "organization", "department", "group", "groups", "squad", "guild", "crew", "shift",
    "rotation", "oncall", "on-call", "weekday", "holiday", "holidays", "quarter", "season",
    "spring", "summer", "autumn", "fall", "winter", "noon", "midnight", "dawn", "dusk", "am",
    "pm", "whoever", "whatever", "whenever", "wherever", "unless", "whereas", "hence", "thus",
    "therefore", "otherwise", "besides", "moreover", "furthermore", "nevertheless",
    "nonetheless", "regardless", "despite", "among", "amongst", "beyond", "toward", "towards",
    "whom", "whose", "there's", "it's", "that's", "we're", "we've", "we'd", "i'm", "i've",
    "i'd", "don't", "didn't", "wasn't", "weren't", "isn't", "aren't", "can't", "couldn't",
    "wouldn't", "shouldn't", "won't", "let's", "hotfix", "patch", "patches", "hotfixes",
    "mistake", "mistakes", "lesson", "blameless", "retrospective", "retro", "sync", "standup",
    "meeting", "meetings", "planning", "asks", "tell", "told", "say", "said", "says", "write",
    "wrote", "written", "keep", "kept", "stay", "stayed", "remain", "remained", "became",
    "become", "becomes", "everybody", "anybody", "neither", "whole", "zero", "four", "five",
    "six", "seven", "eight", "nine", "ten", "dozen", "hundred", "thousand", "million",
    "billion", "percent", "disruption", "degradation", "unavailable", "unavailability",
    "interruption", "elevated", "reduced", "loss", "corruption", "leak", "bill", "chase",
    "grace", "hope", "joy", "faith", "may", "mark", "max", "rose", "amber", "ruby", "pat",
    "sky", "august", "april", "june", "jade",
];

/// Common first names (international, chosen to be unambiguous: no
/// everyday words such as "Will", "May", "Mark"). A capitalised word in this
/// list is taken for a person even on its own.
#[rustfmt::skip]
pub const FIRST_NAMES: &[&str] = &[
    "aaron", "abigail", "adam", "adrian", "ahmed", "aisha", "alan", "albert", "alejandro",
    "alex", "alexander", "alexandra", "alexis", "ali", "alice", "alicia", "alison", "amanda",
    "amelia", "amir", "amit", "amy", "ana", "andre", "andrea", "andreas", "andrew", "andy",
    "angela", "anil", "anita", "ann", "anna", "anne", "anthony", "anton", "antonio", "anya",
    "arjun", "arthur", "ashley", "aurora", "ben", "benjamin", "beth", "bob", "boris", "brad",
    "brandon", "brian", "bruce", "bruno", "caleb", "carl", "carla", "carlos", "carmen", "carol",
    "caroline", "catherine", "charles", "charlie", "charlotte", "chen", "chloe", "chris",
    "christian", "christina", "christine", "christopher", "claire", "clara", "colin", "connor",
    "craig", "dan", "dana", "daniel", "daniela", "danielle", "dave", "david", "deborah",
    "deepak", "dennis", "derek", "diana", "diego", "dimitri", "dmitry", "dominic", "donald",
    "doug", "douglas", "dylan", "ed", "eddie", "edward", "elena", "eli", "elias", "elijah",
    "elizabeth", "ella", "ellen", "emily", "emma", "eric", "erik", "erin", "ethan", "eva",
    "evan", "fatima", "felix", "fernando", "fiona", "francesca", "francisco", "frank", "fred",
    "gabriel", "gabriela", "gary", "george", "gerald", "gina", "giulia", "greg", "gregory",
    "hannah", "hans", "harry", "hassan", "heather", "helen", "henry", "hiroshi", "hugo", "ian",
    "igor", "ingrid", "irene", "isaac", "isabel", "isabella", "ivan", "jack", "jacob", "james",
    "jamie", "jan", "jane", "janet", "jared", "jason", "javier", "jean", "jeff", "jeffrey",
    "jennifer", "jenny", "jeremy", "jessica", "jim", "jimmy", "joan", "joe", "joel", "johan",
    "john", "jon", "jonathan", "jordan", "jorge", "jose", "joseph", "josh", "joshua", "juan",
    "judith", "julia", "julian", "julie", "justin", "karen", "karim", "kate", "katherine",
    "kathy", "katie", "keith", "kelly", "ken", "kenji", "kevin", "kim", "kumar", "kyle",
    "lakshmi", "lara", "laura", "lauren", "leah", "lena", "leo", "leon", "liam", "lily",
    "linda", "lisa", "liz", "logan", "lorenzo", "louis", "lucas", "lucia", "lucy", "luis",
    "luke", "magnus", "maria", "marie", "marina", "mario", "marta", "martin", "mary", "mateo",
    "matt", "matthew", "maya", "megan", "mei", "melissa", "mia", "michael", "michelle",
    "miguel", "mike", "mohamed", "mohammed", "monica", "nadia", "nancy", "naomi", "natalia",
    "natasha", "nathan", "neha", "nick", "nicholas", "nicole", "nikhil", "nina", "noah", "nora",
    "oleg", "olga", "oliver", "olivia", "omar", "oscar", "owen", "pablo", "paolo", "patrick",
    "paul", "paula", "pedro", "peter", "philip", "pierre", "pooja", "priya", "rachel", "rahul",
    "raj", "rajesh", "ravi", "rebecca", "richard", "rick", "rob", "robert", "roberto", "ryan",
    "sam", "samantha", "samir", "samuel", "sandra", "sara", "sarah", "scott", "sean",
    "sebastian", "sergei", "sergey", "shawn", "simon", "sofia", "sophia", "sophie", "stefan",
    "stephanie", "stephen", "steve", "steven", "sunil", "susan", "sven", "takeshi", "tanya",
    "tara", "teresa", "thomas", "tim", "timothy", "tina", "tobias", "todd", "tom", "tony",
    "tyler", "valentina", "vanessa", "victor", "victoria", "vikram", "vincent", "wei", "wendy",
    "william", "xavier", "yan", "yuki", "yusuf", "zach", "zoe", "zara",
];

/// Common surnames: accepted as the second word of a name after a first
/// name even though some are everyday words ("Baker", "Young").
#[rustfmt::skip]
pub const SURNAMES: &[&str] = &[
    "smith", "jones", "brown", "taylor", "williams", "wilson", "johnson", "davies", "davis",
    "miller", "moore", "white", "young", "king", "wright", "hill", "green", "hall", "wood",
    "clark", "walker", "turner", "cooper", "ward", "baker", "fisher", "martin", "lee", "garcia",
    "rodriguez", "lopez", "gonzalez", "perez", "sanchez", "nguyen", "kim", "park", "singh",
    "patel", "shah", "khan", "chen", "wang", "li", "zhang", "liu", "yang", "kumar", "sato",
    "suzuki", "tanaka", "muller", "schmidt", "schneider", "fischer", "weber", "rossi", "russo",
    "costa", "silva", "santos", "ivanov", "novak", "larsen", "hansen",
];

/// Public, well-known domains. They stay (with their generic subdomains)
/// unless they contain the story's company, product or a glossary term.
#[rustfmt::skip]
pub const PUBLIC_DOMAINS: &[&str] = &[
    "gcr.io", "quay.io", "fly.io", "pastebin.com", "ghcr.io", "mit.edu",
    "gnu.org", "ieee.org", "blogspot.com", "wordpress.com", "tumblr.com", "substack.com",
    "github.com", "github.io", "githubusercontent.com", "githubstatus.com", "gitlab.com",
    "bitbucket.org", "amazonaws.com", "amazon.com", "aws.amazon.com", "google.com",
    "googleapis.com", "gstatic.com", "cloud.google.com", "microsoft.com", "azure.com",
    "windows.net", "cloudflare.com", "docker.io", "docker.com", "npmjs.com", "npmjs.org",
    "pypi.org", "python.org", "crates.io", "rust-lang.org", "golang.org", "go.dev",
    "kubernetes.io", "k8s.io", "wikipedia.org", "stackoverflow.com", "slack.com", "example.com",
    "example.org", "example.net", "letsencrypt.org", "mozilla.org", "apache.org",
    "postgresql.org", "redis.io", "nginx.org", "debian.org", "ubuntu.com", "kernel.org",
    "w3.org", "ietf.org", "youtube.com", "twitter.com", "x.com", "linkedin.com", "medium.com",
    "gmail.com", "outlook.com", "hotmail.com", "yahoo.com", "zoom.us", "atlassian.com",
    "pagerduty.com", "datadoghq.com", "sentry.io", "grafana.com", "prometheus.io",
    "hashicorp.com", "terraform.io", "heroku.com", "herokuapp.com", "netlify.app", "vercel.app",
    "fastly.com", "akamai.com", "status.io", "statuspage.io", "archive.org", "web.archive.org",
    "news.ycombinator.com", "ycombinator.com", "reddit.com", "asp.net", "vb.net", "ado.net",
];

/// Labels under a public domain that keep it public (`www.github.com`,
/// `s3.amazonaws.com`); any other subdomain may name a tenant or bucket.
#[rustfmt::skip]
pub const GENERIC_SUBDOMAINS: &[&str] = &[
    "www", "api", "docs", "doc", "status", "blog", "cloud", "console", "aws", "s3", "support",
    "help", "registry", "raw", "gist", "pages", "mail", "m", "en", "dev", "developer",
    "developers", "login", "app", "portal", "news", "web", "cdn", "static", "downloads",
    "download", "security", "community", "forum", "forums", "lists", "objects", "storage",
    "compute", "us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-central-1",
    "console.aws", "hub", "index", "packages",
];

/// Top-level domains accepted when finding host names in prose (a short
/// list on purpose: `main.rs`, `app.py`, `README.md` are files, not hosts).
#[rustfmt::skip]
pub const TLDS: &[&str] = &[
    "com", "net", "org", "io", "dev", "co", "uk", "de", "fr", "nl", "eu", "us", "ca", "au",
    "jp", "br", "es", "se", "ch", "fi", "dk", "be", "at", "ie", "nz", "sg", "cloud", "app",
    "ai", "gov", "edu", "info", "biz", "tv", "xyz", "tech", "site", "online", "systems",
    "services", "internal", "local", "corp", "lan", "intra", "intranet", "private", "home",
    "localdomain", "test", "invalid", "prod", "svc", "cluster", "no",
];

/// Mailboxes of a role, not a person: the local part stays, the domain goes.
#[rustfmt::skip]
pub const ROLE_MAILBOXES: &[&str] = &[
    "oncall", "on-call", "support", "noreply", "no-reply", "security", "admin", "ops", "sre",
    "alerts", "team", "info", "help", "abuse", "postmaster", "root", "incidents", "incident",
    "status", "billing", "sales", "hello", "contact", "devops", "infra", "platform",
    "engineering", "notifications",
];

/// Words that make a `word-word-3` token a host name (`db-prod-3`,
/// `batch-worker-12`): one of them must be among its labels.
#[rustfmt::skip]
pub const HOST_ROLES: &[&str] = &[
    "db", "web", "app", "api", "cache", "worker", "workers", "srv", "server", "host", "vm",
    "prod", "production", "stg", "staging", "dev", "lb", "proxy", "gw", "gateway", "vpn", "nas",
    "storage", "batch", "queue", "kafka", "redis", "pg", "mysql", "mongo", "es", "search",
    "build", "ci", "runner", "edge", "router", "rtr", "sw", "fw", "dc", "rack", "ip", "ec2",
    "k8s", "kube", "master", "replica", "primary", "standby", "bastion", "jump", "mail", "smtp",
    "dns", "ns", "ntp", "ldap", "auth", "sso", "backup", "etl", "cron", "ingest", "frontend",
    "backend", "fe", "be", "cdn", "cluster", "shard", "rds", "cassandra", "zk", "etcd",
    "consul", "vault", "nginx", "haproxy", "mq", "rabbit", "rabbitmq", "memcache", "memcached",
    "www", "svc", "elastic", "postgres", "sql", "node", "nodes", "compute", "minion", "agent",
    "box", "instance", "ingress", "egress", "nat",
];

/// First labels of `word-123` tokens that are not host names.
#[rustfmt::skip]
pub const NOT_HOST_PREFIXES: &[&str] = &[
    "utf", "sha", "iso", "sev", "p", "top", "covid", "rfc", "cve", "x86", "arm", "aes", "http",
    "ipv", "tls", "ssl", "md", "step", "phase", "tier", "level", "layer", "day", "week",
    "month", "year", "option", "version", "rev", "round", "part", "stage", "sprint", "chapter",
    "section", "item", "issue", "pr", "ticket", "inc", "sec", "req", "jira", "base", "ecdsa",
    "ed", "type", "gen", "win", "python", "php", "java", "go", "ruby", "postgresql", "ubuntu",
    "debian", "centos", "rhel", "windows", "macos", "ios", "android", "es", "ecma", "pre",
    "post", "mid", "late", "early", "q", "h", "fy", "v", "release", "build", "run", "attempt",
    "log", "slot", "raid", "t", "c", "m", "r", "i", "n", "g",
];
