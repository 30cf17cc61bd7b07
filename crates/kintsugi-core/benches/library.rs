//! Speed of the operations people wait on, measured on the real public
//! corpus (242 icco postmortems + the 190-entry danluu list + the samples).
//! Results and the machine they ran on are reported in `docs/benchmarks.md`.
//!
//! Run: `cargo bench -p kintsugi-core --bench library`

#![allow(clippy::unwrap_used)] // benchmark setup: a panic is the right report
#![allow(missing_docs)] // criterion generates the entry point

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use kintsugi_core::{Library, SearchRequest};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
}

fn populated() -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(dir.path()).unwrap();
    let paths = [
        corpus().join("icco-postmortems"),
        corpus().join("danluu-post-mortems.md"),
    ];
    lib.import_paths(&paths, &mut |_| {}).unwrap();
    lib.load_sample().unwrap();
    (dir, lib)
}

fn import(c: &mut Criterion) {
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.bench_function("icco corpus, 242 files, fresh library", |b| {
        b.iter_batched(
            || tempfile::tempdir().unwrap(),
            |dir| {
                let lib = Library::open(dir.path()).unwrap();
                let report = lib
                    .import_paths(&[corpus().join("icco-postmortems")], &mut |_| {})
                    .unwrap();
                assert_eq!(report.imported, 242);
            },
            BatchSize::PerIteration,
        )
    });
    group.bench_function("icco corpus again, all unchanged", |b| {
        let (_dir, lib) = populated();
        b.iter(|| {
            lib.import_paths(&[corpus().join("icco-postmortems")], &mut |_| {})
                .unwrap()
        })
    });
    group.finish();
}

fn search(c: &mut Criterion) {
    let (_dir, lib) = populated();
    let mut group = c.benchmark_group("search");
    for query in [
        "database",
        "retry storm",
        "\"power loss\"",
        "tag:migration postgres",
        "cache -redis after:2015",
        "",
    ] {
        let request = SearchRequest {
            query: query.into(),
            limit: 20,
            ..Default::default()
        };
        group.bench_function(format!("query {query:?}"), |b| {
            b.iter(|| lib.search(&request).unwrap())
        });
    }
    let id = lib
        .search(&SearchRequest {
            query: "SimpleDB".into(),
            ..Default::default()
        })
        .unwrap()
        .hits[0]
        .id;
    group.bench_function("related stories", |b| {
        b.iter(|| lib.related_stories(id, 5).unwrap())
    });
    group.finish();
}

fn maintenance(c: &mut Criterion) {
    let (dir, lib) = populated();
    let mut group = c.benchmark_group("maintenance");
    group.sample_size(10);
    group.bench_function("rebuild index, 444 stories", |b| {
        b.iter(|| lib.rebuild_index().unwrap())
    });
    group.bench_function("open library, index up to date", |b| {
        b.iter(|| Library::open(dir.path()).unwrap())
    });
    group.finish();
}

criterion_group!(benches, import, search, maintenance);
criterion_main!(benches);
