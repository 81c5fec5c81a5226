//! Problems that stop a build: files that cannot be read or parsed, and
//! reference cycles. `check` reports the same findings among its own.

use crate::finding::Code;
use crate::finding::{Finding, Severity};
use crate::fluent::catalog::{Catalog, LocaleFiles, ResourceFile, Units};
use crate::fluent::references::{references, Reference};
use crate::project::config::Config;
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

pub type InputError = Finding;

/// Findings that make the catalog unusable, for every configured locale.
pub fn validate_catalog(config: &Config, catalog: &Catalog) -> Vec<Finding> {
    let mut out = Vec::new();
    for locale in &config.locales {
        let Some(files) = catalog.locale(&locale.tag) else {
            continue;
        };
        out.extend(load_findings(&locale.tag, files));
        for file in &files.files {
            out.extend(syntax_findings(&locale.tag, file));
        }
        out.extend(cycle_findings(&locale.tag, &files.units()));
    }
    out
}

pub fn load_findings(locale: &str, files: &LocaleFiles) -> Vec<Finding> {
    files
        .problems
        .iter()
        .map(|p| {
            let mut f = Finding::new(p.code(), Severity::Error, locale, &p.path, &p.message);
            f.location = p.location;
            f
        })
        .collect()
}

pub fn syntax_findings(locale: &str, file: &ResourceFile) -> Vec<Finding> {
    file.syntax_errors
        .iter()
        .map(|e| {
            let location = file.location_at(error_offset(file.source(), e.pos.start));
            let span = e.pos.end.saturating_sub(e.pos.start).max(1);
            let line = file.line_text(location.line).to_string();
            let span = span.min(
                line.chars()
                    .count()
                    .saturating_sub(location.column - 1)
                    .max(1),
            );
            Finding::new(
                Code::SyntaxError,
                Severity::Error,
                locale,
                &file.path,
                e.kind.to_string(),
            )
            .at(location, &line, span)
        })
        .collect()
}

/// The parser reports errors at end of input on the blank line after the
/// culprit; point at the last character before it instead.
fn error_offset(source: &str, offset: usize) -> usize {
    let offset = offset.min(source.len());
    let before = source[..offset].trim_end();
    if source[before.len()..offset].contains('\n') && !before.is_empty() {
        before.len() - before.chars().last().map_or(0, char::len_utf8)
    } else {
        offset
    }
}

/// Message and term references that lead back to where they started; Fluent
/// would print `{???}` for them at run time. One finding per group of
/// messages that reach each other, found in time linear in the references.
pub fn cycle_findings(locale: &str, units: &Units) -> Vec<Finding> {
    // Nodes are indices into `keys` (sorted, as `units` is); edges go only to
    // ids this locale defines.
    let keys: Vec<&String> = units.keys().collect();
    let index: HashMap<&str, usize> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let graph: Vec<Vec<usize>> = units
        .values()
        .map(|(_, entry)| {
            let mut targets = BTreeSet::new();
            for (_, pattern) in entry.unit.patterns() {
                for r in references(pattern) {
                    let target = match r {
                        Reference::Message { id, .. } => index.get(id).copied(),
                        Reference::Term { id, .. } => index.get(format!("-{id}").as_str()).copied(),
                        _ => None,
                    };
                    targets.extend(target);
                }
            }
            targets.into_iter().collect()
        })
        .collect();
    let mut out = Vec::new();
    for component in strongly_connected(&graph) {
        let start = component.iter().copied().min().unwrap_or(0);
        let looped = component.len() > 1 || graph[start].contains(&start);
        if !looped {
            continue;
        }
        let cycle: Vec<&str> = shortest_cycle(&graph, &component, start)
            .into_iter()
            .map(|i| keys[i].as_str())
            .collect();
        let key = keys[start];
        let (file, entry) = &units[key];
        let id = entry.unit.id().name;
        let loc = file.location_of(id);
        out.push(
            Finding::new(
                Code::ReferenceCycle,
                Severity::Error,
                locale,
                &file.path,
                format!("reference cycle: {}", cycle.join(" → ")),
            )
            .at(loc, file.line_text(loc.line), id.chars().count())
            .id(key.clone()),
        );
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// Tarjan's strongly connected components, with an explicit stack so a chain
/// of thousands of references cannot overflow the call stack.
fn strongly_connected(graph: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = graph.len();
    let mut order = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut components = Vec::new();
    let mut counter = 0;
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        // (node, index of the next edge to follow)
        let mut work = vec![(root, 0)];
        order[root] = counter;
        low[root] = counter;
        counter += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&(node, edge)) = work.last() {
            if let Some(&next) = graph[node].get(edge) {
                if let Some(top) = work.last_mut() {
                    top.1 += 1;
                }
                if order[next] == UNSEEN {
                    order[next] = counter;
                    low[next] = counter;
                    counter += 1;
                    stack.push(next);
                    on_stack[next] = true;
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(order[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                let mut component = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                components.push(component);
            }
        }
    }
    components
}

/// The shortest path from `start` back to itself inside `component` (breadth
/// first), as the nodes visited, `start` at both ends.
fn shortest_cycle(graph: &[Vec<usize>], component: &[usize], start: usize) -> Vec<usize> {
    let members: HashSet<usize> = component.iter().copied().collect();
    let mut parent: HashMap<usize, usize> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for &next in &graph[node] {
            if next == start {
                let mut path = vec![start, node];
                let mut at = node;
                while at != start {
                    at = parent[&at];
                    path.push(at);
                }
                path.reverse();
                return path;
            }
            if members.contains(&next) && !parent.contains_key(&next) {
                parent.insert(next, node);
                queue.push_back(next);
            }
        }
    }
    vec![start, start]
}

#[cfg(test)]
mod tests {
    use super::{shortest_cycle, strongly_connected};

    #[test]
    fn components_and_cycles() {
        // 0 → 1 → 2 → 0, 2 → 3, 3 → 3, 4 alone.
        let graph = vec![vec![1], vec![2], vec![0, 3], vec![3], vec![]];
        let mut components: Vec<Vec<usize>> = strongly_connected(&graph)
            .into_iter()
            .map(|mut c| {
                c.sort();
                c
            })
            .collect();
        components.sort();
        assert_eq!(components, vec![vec![0, 1, 2], vec![3], vec![4]]);
        assert_eq!(shortest_cycle(&graph, &[0, 1, 2], 0), vec![0, 1, 2, 0]);
        assert_eq!(shortest_cycle(&graph, &[3], 3), vec![3, 3]);
    }

    #[test]
    fn a_long_chain_is_linear_and_does_not_recurse() {
        let n = 200_000;
        let graph: Vec<Vec<usize>> = (0..n).map(|i| vec![(i + 1) % n]).collect();
        let components = strongly_connected(&graph);
        assert_eq!(components.len(), 1);
        assert_eq!(shortest_cycle(&graph, &components[0], 0).len(), n + 1);
    }
}
