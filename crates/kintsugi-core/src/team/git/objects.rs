//! Objects: reading and writing blobs in batches, diffing trees, building
//! trees for only the folders that change, and creating commits.

use std::ffi::OsString;

use super::{check, Blob, Change, Git, Oid, Signature, TreeEntry, BATCH, MAX_BLOB};
use crate::error::{Error, Result};

impl Git {
    /// Files that differ from commit `from` (None: the empty tree) to `to`.
    pub fn changes(&self, from: Option<&str>, to: &str) -> Result<Vec<Change>> {
        let from = match from {
            Some(f) => f.to_string(),
            None => self.empty_tree()?,
        };
        let out = check(
            "diff-tree",
            self.local(&["diff-tree", "-r", "-z", "--no-renames", &from, to], None)?,
        )?;
        let mut changes = Vec::new();
        let mut fields = out.split(|b| *b == 0).filter(|f| !f.is_empty());
        while let Some(meta) = fields.next() {
            let meta = String::from_utf8_lossy(meta);
            let Some(path) = fields.next() else { break };
            let parts: Vec<&str> = meta.trim_start_matches(':').split(' ').collect();
            let oid = |s: Option<&&str>| {
                s.map(|s| s.to_string())
                    .filter(|s| !s.chars().all(|c| c == '0'))
            };
            let new = oid(parts.get(3));
            changes.push(Change {
                path: String::from_utf8_lossy(path).to_string(),
                old: oid(parts.get(2)),
                new_mode: new.as_ref().and(parts.get(1)).map(|m| m.to_string()),
                new,
            });
        }
        Ok(changes)
    }

    /// Every file of commit `commit` with its blob.
    pub fn files(&self, commit: &str) -> Result<Vec<(String, Oid)>> {
        Ok(self
            .changes(None, commit)?
            .into_iter()
            .filter_map(|c| c.new.map(|oid| (c.path, oid)))
            .collect())
    }

    /// The blob at `path` in `commit`, if there is one.
    pub fn blob_at(&self, commit: &str, path: &str) -> Result<Option<Oid>> {
        let spec = format!("{commit}:{path}");
        let out = self.local(&["rev-parse", "--verify", "--quiet", &spec], None)?;
        Ok(out
            .ok
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
            .filter(|s| !s.is_empty()))
    }

    /// The content of blobs, in order. Bounded: an object over
    /// [`MAX_BLOB`] bytes is not read (`Blob::TooLarge`), so a huge file
    /// pushed by someone cannot exhaust memory.
    pub fn read_blobs(&self, oids: &[Oid]) -> Result<Vec<Blob>> {
        let mut out = Vec::with_capacity(oids.len());
        for chunk in oids.chunks(BATCH) {
            let input: String = chunk.iter().map(|o| format!("{o}\n")).collect();
            let sizes = check(
                "cat-file",
                self.local(&["cat-file", "--batch-check"], Some(input.as_bytes()))?,
            )?;
            let sizes: Vec<Option<u64>> = String::from_utf8_lossy(&sizes)
                .lines()
                .map(|l| match l.ends_with(" missing") {
                    true => None,
                    false => l.rsplit(' ').next().and_then(|n| n.parse().ok()),
                })
                .collect();
            let wanted: Vec<&Oid> = chunk
                .iter()
                .zip(&sizes)
                .filter(|(_, size)| size.is_some_and(|n| n <= MAX_BLOB))
                .map(|(oid, _)| oid)
                .collect();
            let mut read = self.cat(&wanted)?.into_iter();
            for (i, _) in chunk.iter().enumerate() {
                out.push(match sizes.get(i).copied().flatten() {
                    None => Blob::Missing,
                    Some(n) if n > MAX_BLOB => Blob::TooLarge(n),
                    Some(_) => read.next().flatten().map_or(Blob::Missing, Blob::Bytes),
                });
            }
        }
        Ok(out)
    }

    /// `cat-file --batch` of objects known to be small.
    fn cat(&self, oids: &[&Oid]) -> Result<Vec<Option<Vec<u8>>>> {
        let mut out = Vec::with_capacity(oids.len());
        if oids.is_empty() {
            return Ok(out);
        }
        let input: String = oids.iter().map(|o| format!("{o}\n")).collect();
        let raw = check(
            "cat-file",
            self.local(&["cat-file", "--batch"], Some(input.as_bytes()))?,
        )?;
        let early = || Error::Git {
            command: "cat-file".into(),
            detail: "output ended early".into(),
        };
        let mut rest = &raw[..];
        for _ in oids {
            let nl = rest.iter().position(|b| *b == b'\n').ok_or_else(early)?;
            let header = String::from_utf8_lossy(&rest[..nl]).to_string();
            rest = &rest[nl + 1..];
            if header.ends_with(" missing") {
                out.push(None);
                continue;
            }
            let size: usize = header
                .rsplit(' ')
                .next()
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| Error::Git {
                    command: "cat-file".into(),
                    detail: format!("unexpected header `{header}`"),
                })?;
            if rest.len() < size + 1 {
                return Err(early());
            }
            out.push(Some(rest[..size].to_vec()));
            rest = &rest[size + 1..];
        }
        Ok(out)
    }

    /// Writes blobs into the repository; returns their ids in order.
    pub fn write_blobs(&self, blobs: &[&[u8]]) -> Result<Vec<Oid>> {
        let scratch = self.dir.join("kintsugi-scratch");
        let mut oids = Vec::with_capacity(blobs.len());
        for chunk in blobs.chunks(BATCH) {
            std::fs::create_dir_all(&scratch).map_err(|e| Error::io(&scratch, e))?;
            let mut list = String::new();
            for (i, blob) in chunk.iter().enumerate() {
                let path = scratch.join(i.to_string());
                std::fs::write(&path, blob).map_err(|e| Error::io(&path, e))?;
                list.push_str(&path.to_string_lossy());
                list.push('\n');
            }
            let out = check(
                "hash-object",
                self.local(
                    &["hash-object", "-w", "--no-filters", "--stdin-paths"],
                    Some(list.as_bytes()),
                )?,
            )?;
            oids.extend(
                String::from_utf8_lossy(&out)
                    .lines()
                    .map(|l| l.trim().to_string()),
            );
            std::fs::remove_dir_all(&scratch).map_err(|e| Error::io(&scratch, e))?;
        }
        if oids.len() != blobs.len() {
            return Err(Error::Git {
                command: "hash-object".into(),
                detail: format!("wrote {} of {} objects", oids.len(), blobs.len()),
            });
        }
        Ok(oids)
    }

    /// The tree of commit `base` (None: empty) with `changes` applied: a
    /// blob at a path, or `None` to remove the path. Only the directories
    /// on the changed paths are rewritten (`ls-tree` + `mktree` per
    /// directory), so one changed story costs the same in a library of ten
    /// stories or ten thousand; modes of untouched entries are kept.
    pub fn tree_with(
        &self,
        base: Option<&str>,
        changes: &[(String, Option<TreeEntry>)],
    ) -> Result<Oid> {
        let root = match base {
            Some(commit) => Some(self.tree_of(commit)?),
            None => None,
        };
        let changes: Vec<(Vec<&str>, Option<&TreeEntry>)> = changes
            .iter()
            .map(|(path, entry)| (path.split('/').collect(), entry.as_ref()))
            .collect();
        let refs: Vec<PathChange<'_>> = changes.iter().map(|(p, e)| (p.as_slice(), *e)).collect();
        Ok(self
            .subtree_with(root.as_deref(), &refs)?
            .unwrap_or(self.empty_tree()?))
    }

    /// `tree` (None: empty) with `changes` (paths relative to it) applied;
    /// `None` when the result is empty.
    fn subtree_with(&self, tree: Option<&str>, changes: &[PathChange<'_>]) -> Result<Option<Oid>> {
        // name → (mode, type, oid)
        let mut entries: std::collections::BTreeMap<String, (String, String, String)> =
            std::collections::BTreeMap::new();
        if let Some(tree) = tree {
            let out = check("ls-tree", self.local(&["ls-tree", "-z", tree], None)?)?;
            for record in out.split(|b| *b == 0).filter(|r| !r.is_empty()) {
                let record = String::from_utf8_lossy(record);
                let Some((meta, name)) = record.split_once('\t') else {
                    continue;
                };
                let mut meta = meta.split(' ');
                let (Some(mode), Some(kind), Some(oid)) = (meta.next(), meta.next(), meta.next())
                else {
                    continue;
                };
                entries.insert(name.to_string(), (mode.into(), kind.into(), oid.into()));
            }
        }
        let mut nested: std::collections::BTreeMap<&str, Vec<PathChange<'_>>> =
            std::collections::BTreeMap::new();
        for (path, oid) in changes {
            match path {
                [] => {}
                [name] => match oid {
                    Some(entry) => {
                        let kind = if entry.mode == "160000" {
                            "commit"
                        } else {
                            "blob"
                        };
                        entries.insert(
                            name.to_string(),
                            (entry.mode.clone(), kind.into(), entry.oid.clone()),
                        );
                    }
                    None => {
                        entries.remove(*name);
                    }
                },
                [dir, rest @ ..] => nested.entry(dir).or_default().push((rest, *oid)),
            }
        }
        for (dir, changes) in nested {
            let current = entries
                .get(dir)
                .filter(|(_, kind, _)| kind == "tree")
                .map(|(_, _, oid)| oid.clone());
            match self.subtree_with(current.as_deref(), &changes)? {
                Some(oid) => {
                    entries.insert(dir.to_string(), ("040000".into(), "tree".into(), oid));
                }
                None => {
                    entries.remove(dir);
                }
            }
        }
        if entries.is_empty() {
            return Ok(None);
        }
        let mut input = Vec::new();
        for (name, (mode, kind, oid)) in &entries {
            input.extend_from_slice(format!("{mode} {kind} {oid}\t{name}").as_bytes());
            input.push(0);
        }
        // Every entry is known to exist (listed by ls-tree or just written):
        // skip mktree's per-entry lookup, which dominates in a large folder.
        let out = check(
            "mktree",
            self.local(&["mktree", "-z", "--missing"], Some(&input))?,
        )?;
        Ok(Some(String::from_utf8_lossy(&out).trim().to_string()))
    }

    /// The tree of a commit.
    pub fn tree_of(&self, commit: &str) -> Result<Oid> {
        let spec = format!("{commit}^{{tree}}");
        let out = check("rev-parse", self.local(&["rev-parse", &spec], None)?)?;
        Ok(String::from_utf8_lossy(&out).trim().to_string())
    }

    /// Creates a commit (author and committer `by`).
    pub fn commit(
        &self,
        tree: &str,
        parents: &[&str],
        by: &Signature,
        message: &str,
    ) -> Result<Oid> {
        let mut args = vec!["commit-tree".to_string(), tree.to_string()];
        for p in parents {
            args.push("-p".into());
            args.push(p.to_string());
        }
        args.push("-F".into());
        args.push("-".into());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let date = format!("{} +0000", by.at.timestamp());
        let env: Vec<(&str, OsString)> = vec![
            ("GIT_AUTHOR_NAME", by.name.clone().into()),
            ("GIT_AUTHOR_EMAIL", by.email.clone().into()),
            ("GIT_AUTHOR_DATE", date.clone().into()),
            ("GIT_COMMITTER_NAME", by.name.clone().into()),
            ("GIT_COMMITTER_EMAIL", by.email.clone().into()),
            ("GIT_COMMITTER_DATE", date.into()),
        ];
        let out = check(
            "commit-tree",
            self.run_env(&args, Some(message.as_bytes()), &env)?,
        )?;
        Ok(String::from_utf8_lossy(&out).trim().to_string())
    }

    pub(super) fn empty_tree(&self) -> Result<Oid> {
        let out = check("mktree", self.local(&["mktree"], Some(b""))?)?;
        Ok(String::from_utf8_lossy(&out).trim().to_string())
    }
}

/// A path (split in components) and what it should hold (None: removed).
type PathChange<'a> = (&'a [&'a str], Option<&'a TreeEntry>);
