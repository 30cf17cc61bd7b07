//! `search`, `related`, `tags`, `stats`: finding stories.

use std::process::ExitCode;

use kintsugi_core::{Library, SearchRequest, SortOrder};

use crate::args::Sort;
use crate::ids::ShortIds;
use crate::output::{json, Outcome};
use crate::terminal::{self, Out};

/// Runs a search and prints hits, facets and any notice about the query.
pub fn search(
    library: &Library,
    out: &mut Out,
    query: &[String],
    limit: usize,
    sort: Sort,
    as_json: bool,
) -> Outcome {
    let request = SearchRequest {
        query: query.join(" "),
        limit,
        offset: 0,
        sort: match sort {
            Sort::Relevance => SortOrder::Relevance,
            Sort::Newest => SortOrder::Newest,
            Sort::Oldest => SortOrder::Oldest,
        },
    };
    let results = library.search(&request)?;
    if as_json {
        json(out, &results)?;
    } else {
        let ids = ShortIds::of(library, results.hits.iter().map(|h| h.id))?;
        terminal::search(out, &results, &ids)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints the stories most like one story.
pub fn related(library: &Library, out: &mut Out, id: &str, limit: usize, as_json: bool) -> Outcome {
    let hits = library.related_stories(library.resolve_id(id)?, limit)?;
    if as_json {
        json(out, &hits)?;
    } else {
        let ids = ShortIds::of(library, hits.iter().map(|h| h.id))?;
        terminal::hits(out, &hits, &ids)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints every tag with its count.
pub fn tags(library: &Library, out: &mut Out, as_json: bool) -> Outcome {
    let tags = library.list_tags()?;
    if as_json {
        json(out, &tags)?;
    } else {
        terminal::tags(out, &tags)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints the counts of stories, trash and tags.
pub fn stats(library: &Library, out: &mut Out, as_json: bool) -> Outcome {
    let stats = library.library_stats()?;
    if as_json {
        json(out, &stats)?;
    } else {
        terminal::stats(out, &stats)?;
    }
    Ok(ExitCode::SUCCESS)
}
