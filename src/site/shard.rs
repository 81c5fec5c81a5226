//! Splitting a run across CI runners: which shard this process is (`--shard I/N`, or
//! the CI engine's own variables) and which items of a list it owns.
//!
//! The assignment is a pure function of the items' weights, so every runner, given
//! the same inputs, agrees on who does what without talking to the others. `build`
//! splits page × locale jobs with it; `review` can split its screenshots the same way
//! ([`ShardSpec::from_env`] and [`assign`] are all it needs).

use std::collections::BTreeMap;

/// One shard of a run: `index` counts from 0, shown to users from 1 (`2/7`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ShardSpec {
    pub index: usize,
    pub total: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShardError {
    #[error("{origin}: `{value}` is not a shard; expected I/N with 1 <= I <= N, e.g. 2/7")]
    Invalid { origin: String, value: String },
    #[error("--shard auto: no CI shard variables are set (FLUENTPRESS_SHARD=I/N, GitLab's CI_NODE_INDEX and CI_NODE_TOTAL, or Kubernetes' JOB_COMPLETION_INDEX with FLUENTPRESS_SHARDS=N)")]
    NoEnvironment,
}

impl std::fmt::Display for ShardSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index + 1, self.total)
    }
}

impl ShardSpec {
    /// The one shard of an unsharded run.
    pub const WHOLE: ShardSpec = ShardSpec { index: 0, total: 1 };

    /// `I/N` as users write it, 1-based; `origin` says where it came from, for the error.
    pub fn parse(value: &str, origin: &str) -> Result<ShardSpec, ShardError> {
        let invalid = || ShardError::Invalid {
            origin: origin.to_string(),
            value: value.to_string(),
        };
        let (i, n) = value.trim().split_once('/').ok_or_else(invalid)?;
        let index: usize = i.trim().parse().map_err(|_| invalid())?;
        let total: usize = n.trim().parse().map_err(|_| invalid())?;
        ShardSpec::one_based(index, total).ok_or_else(invalid)
    }

    fn one_based(index: usize, total: usize) -> Option<ShardSpec> {
        (index >= 1 && index <= total).then(|| ShardSpec {
            index: index - 1,
            total,
        })
    }

    /// The shard the CI engine says this job is, from `vars` (the process environment in
    /// [`ShardSpec::from_env`]): `FLUENTPRESS_SHARD=I/N` (a GitHub Actions matrix value
    /// passed in), GitLab's `parallel:` (`CI_NODE_INDEX`/`CI_NODE_TOTAL`, 1-based), or a
    /// Kubernetes Indexed Job (`JOB_COMPLETION_INDEX`, 0-based, with `FLUENTPRESS_SHARDS=N`,
    /// since the Job does not pass its completions count).
    pub fn from_vars(vars: &BTreeMap<String, String>) -> Result<ShardSpec, ShardError> {
        let get = |k: &str| vars.get(k).map(String::as_str).filter(|v| !v.is_empty());
        if let Some(value) = get("FLUENTPRESS_SHARD") {
            return ShardSpec::parse(value, "FLUENTPRESS_SHARD");
        }
        if let (Some(i), Some(n)) = (get("CI_NODE_INDEX"), get("CI_NODE_TOTAL")) {
            return ShardSpec::parse(&format!("{i}/{n}"), "CI_NODE_INDEX/CI_NODE_TOTAL");
        }
        if let (Some(i), Some(n)) = (get("JOB_COMPLETION_INDEX"), get("FLUENTPRESS_SHARDS")) {
            let origin = "JOB_COMPLETION_INDEX/FLUENTPRESS_SHARDS";
            let index = i.trim().parse::<usize>().ok().map(|i| i + 1);
            let total = n.trim().parse::<usize>().ok();
            return index
                .zip(total)
                .and_then(|(i, n)| ShardSpec::one_based(i, n))
                .ok_or_else(|| ShardError::Invalid {
                    origin: origin.into(),
                    value: format!("{i} (0-based) of {n}"),
                });
        }
        Err(ShardError::NoEnvironment)
    }

    pub fn from_env() -> Result<ShardSpec, ShardError> {
        let vars = std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
            .collect();
        ShardSpec::from_vars(&vars)
    }

    /// `--shard VALUE`: `I/N`, or `auto` for the CI engine's variables.
    pub fn from_arg(value: &str) -> Result<ShardSpec, ShardError> {
        if value == "auto" {
            ShardSpec::from_env()
        } else {
            ShardSpec::parse(value, "--shard")
        }
    }
}

/// The shard of each item, for items of these `weights` split across `total` shards:
/// heaviest first, each to the shard with the least work so far (ties to the lowest
/// index, so the result depends on nothing but the weights and their order). Greedy
/// longest-first keeps every shard within one item's weight of the others.
pub fn assign(weights: &[u64], total: usize) -> Vec<usize> {
    assign_after(weights, total, 0)
}

/// [`assign`] with `first` already on the first shard: the work it does besides its
/// items (the site-wide files of a build), so that it is not the slowest.
pub fn assign_after(weights: &[u64], total: usize, first: u64) -> Vec<usize> {
    let total = total.max(1);
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| weights[b].cmp(&weights[a]).then(a.cmp(&b)));
    let mut load = vec![0u64; total];
    load[0] = first;
    let mut shard_of = vec![0; weights.len()];
    for item in order {
        let lightest = (0..total)
            .min_by_key(|&s| (load[s], s))
            .expect("at least one shard");
        load[lightest] += weights[item];
        shard_of[item] = lightest;
    }
    shard_of
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn parses_one_based_shards() {
        assert_eq!(
            ShardSpec::parse("2/7", "x").unwrap(),
            ShardSpec { index: 1, total: 7 }
        );
        assert_eq!(ShardSpec::parse("1/1", "x").unwrap(), ShardSpec::WHOLE);
        for bad in ["0/3", "4/3", "1", "a/b", "1/0", "-1/2", ""] {
            assert!(ShardSpec::parse(bad, "x").is_err(), "{bad}");
        }
    }

    #[test]
    fn reads_each_engine_s_variables() {
        let gitlab = vars(&[("CI_NODE_INDEX", "3"), ("CI_NODE_TOTAL", "4")]);
        assert_eq!(
            ShardSpec::from_vars(&gitlab).unwrap(),
            ShardSpec { index: 2, total: 4 }
        );
        let k8s = vars(&[("JOB_COMPLETION_INDEX", "0"), ("FLUENTPRESS_SHARDS", "2")]);
        assert_eq!(
            ShardSpec::from_vars(&k8s).unwrap(),
            ShardSpec { index: 0, total: 2 }
        );
        let k8s_out = vars(&[("JOB_COMPLETION_INDEX", "2"), ("FLUENTPRESS_SHARDS", "2")]);
        assert!(ShardSpec::from_vars(&k8s_out).is_err());
        let ours = vars(&[("FLUENTPRESS_SHARD", "1/2"), ("CI_NODE_INDEX", "2")]);
        assert_eq!(ShardSpec::from_vars(&ours).unwrap().index, 0);
        assert_eq!(
            ShardSpec::from_vars(&vars(&[])),
            Err(ShardError::NoEnvironment)
        );
    }

    #[test]
    fn work_already_on_the_first_shard_is_counted() {
        let weights = vec![1u64; 100];
        let shards = assign_after(&weights, 4, 20);
        let on = |s: usize| shards.iter().filter(|&&x| x == s).count();
        assert_eq!(on(0), 10);
        assert_eq!([on(1), on(2), on(3)], [30, 30, 30]);
    }

    #[test]
    fn assignment_is_balanced_and_covers_every_item_once() {
        // Web pages of weight 2, and one PDF page of weight 10 per 50 pages.
        let weights: Vec<u64> = (0..1000)
            .map(|i| if i % 50 == 0 { 12 } else { 2 })
            .collect();
        for total in [1, 2, 3, 4, 7] {
            let shards = assign(&weights, total);
            assert_eq!(shards, assign(&weights, total), "deterministic");
            let mut load = vec![0u64; total];
            for (item, &s) in shards.iter().enumerate() {
                load[s] += weights[item];
            }
            let mean = load.iter().sum::<u64>() as f64 / total as f64;
            for l in load {
                assert!(
                    (l as f64 - mean).abs() <= mean * 0.1,
                    "{total}: {l} vs {mean}"
                );
            }
        }
    }
}
