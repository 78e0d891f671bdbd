//! The collector tiers' own metrics pages: `--telemetry-url [TIER=]URL` (repeatable), else
//! OTELKIT_TELEMETRY_URL (a comma-separated list of the same), else otelkit.toml's `[collector]
//! telemetry_urls` (a list of the same) or `telemetry_url` (one). Given in pipeline order.

use super::Settings;
use crate::http::RedactedUrl;
use crate::pipeline::hops::tiers::{Tier, UNNAMED};

/// The tiers given, in pipeline order, or None when none is. `what` names the setting in a
/// URL's error, `example` is its hint.
pub fn telemetry_tiers(
    settings: &Settings,
    flags: &[String],
    what: &str,
    example: &str,
) -> anyhow::Result<Option<Vec<Tier>>> {
    let file = &settings.file.collector;
    let given: Vec<String> = if !flags.is_empty() {
        flags.to_vec()
    } else if let Some(env) = settings.env("OTELKIT_TELEMETRY_URL") {
        env.split(',').map(str::to_owned).collect()
    } else {
        match (&file.telemetry_url, &file.telemetry_urls) {
            (Some(_), Some(_)) => anyhow::bail!(
                "otelkit.toml: [collector] has both telemetry_url and telemetry_urls; keep one (telemetry_urls = [\"agent=URL\", \"gateway=URL\"] for several tiers)"
            ),
            (Some(one), None) => vec![one.clone()],
            (None, Some(list)) => list.clone(),
            (None, None) => return Ok(None),
        }
    };
    let mut tiers: Vec<Tier> = Vec::with_capacity(given.len());
    for entry in &given {
        let (name, url) = split(entry)?;
        let tier = Tier { name, url: RedactedUrl::parse_setting(url, what, example)? };
        if tiers.iter().any(|t| t.label() == tier.label()) {
            anyhow::bail!(
                "telemetry URL: tier {:?} is given twice (each tier once, in pipeline order; an unnamed URL is the tier {UNNAMED:?})",
                tier.label()
            );
        }
        tiers.push(tier);
    }
    Ok(Some(tiers))
}

/// `TIER=URL` or `URL`. A URL's own `=` (in its query) comes after a `:` or `/`, a tier's before.
fn split(entry: &str) -> anyhow::Result<(Option<String>, &str)> {
    let entry = entry.trim();
    let Some((name, url)) = entry.split_once('=').filter(|(name, _)| !name.contains([':', '/'])) else {
        return Ok((None, entry));
    };
    let good = name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && name.len() <= 32
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if !good {
        anyhow::bail!(
            "telemetry URL: tier name {name:?} is not one (a lowercase letter, then lowercase letters, digits, - or _; at most 32), e.g. agent=http://127.0.0.1:8888/metrics"
        );
    }
    Ok((Some(name.to_owned()), url))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiers(flags: &[&str], env: &[(&str, &str)]) -> anyhow::Result<Option<Vec<Tier>>> {
        let settings = Settings::with_env(Default::default(), env.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let flags: Vec<String> = flags.iter().map(|f| f.to_string()).collect();
        telemetry_tiers(&settings, &flags, "--telemetry-url", "http://localhost:8888/metrics")
    }

    fn labels(t: &[Tier]) -> Vec<(&str, String)> {
        t.iter().map(|t| (t.label(), t.url.to_string())).collect()
    }

    #[test]
    fn tiers_are_named_in_pipeline_order_from_flags_or_the_environment() {
        let t = tiers(&["agent=http://a:8888/metrics", "gateway=http://g:8888/metrics?x=1"], &[]).unwrap().unwrap();
        assert_eq!(
            labels(&t),
            [("agent", "http://a:8888/metrics".into()), ("gateway", "http://g:8888/metrics?x=1".into())]
        );
        let t = tiers(&["http://c:8888/metrics?x=1"], &[]).unwrap().unwrap();
        assert_eq!((t[0].name.as_deref(), t[0].label()), (None, "collector"));
        let env = [("OTELKIT_TELEMETRY_URL", "agent=http://a:1/m, sampler=http://s:2/m")];
        let t = tiers(&[], &env).unwrap().unwrap();
        assert_eq!(labels(&t), [("agent", "http://a:1/m".into()), ("sampler", "http://s:2/m".into())]);
        // A flag beats the environment.
        assert_eq!(tiers(&["http://f:1/m"], &env).unwrap().unwrap().len(), 1);
        assert_eq!(tiers(&[], &[]).unwrap(), None);
    }

    #[test]
    fn a_bad_tier_name_or_a_tier_given_twice_is_an_error() {
        for bad in ["Agent=http://a:1/m", "=http://a:1/m", "1st=http://a:1/m", "a b=http://a:1/m"] {
            let e = tiers(&[bad], &[]).unwrap_err().to_string();
            assert!(e.contains("is not one"), "{bad}: {e}");
        }
        let e = tiers(&["gw=http://a:1/m", "gw=http://b:1/m"], &[]).unwrap_err().to_string();
        assert!(e.contains("tier \"gw\" is given twice"), "{e}");
        let e = tiers(&["http://a:1/m", "collector=http://b:1/m"], &[]).unwrap_err().to_string();
        assert!(e.contains("tier \"collector\" is given twice"), "{e}");
        assert!(tiers(&["agent=ftp://a/m"], &[]).is_err());
    }

    #[test]
    fn otelkit_toml_lists_the_tiers_or_names_one_url_not_both() {
        let mut file = crate::settings::ProjectFile::default();
        file.collector.telemetry_urls = Some(vec!["agent=http://a:1/m".into(), "gateway=http://g:1/m".into()]);
        let from = |file: &crate::settings::ProjectFile| {
            let settings = Settings::with_env(file.clone(), []);
            telemetry_tiers(&settings, &[], "telemetry URL", "http://localhost:8888/metrics")
        };
        let t = from(&file).unwrap().unwrap();
        assert_eq!(t.iter().map(Tier::label).collect::<Vec<_>>(), ["agent", "gateway"]);
        file.collector.telemetry_url = Some("http://c:1/m".into());
        assert!(from(&file).unwrap_err().to_string().contains("both telemetry_url and telemetry_urls"));
        file.collector.telemetry_urls = None;
        assert_eq!(from(&file).unwrap().unwrap()[0].label(), "collector");
    }
}
