//! Number formatting throughput: 1,000,000 numbers per locale through `LocaleFormats`,
//! the path every `{ $n }`, `NUMBER()` and template filter takes.

use std::hint::black_box;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use fluentpress::intl::{LocaleFormats, NumberOptions};
use unic_langid::LanguageIdentifier;

const LOCALES: [&str; 8] = ["en", "fr", "de", "es", "ar", "ru", "hi", "zh-Hans"];
const COUNT: u64 = 1_000_000;

/// Formats `COUNT` numbers (integers and two-decimal values, up to about 13.7 million).
fn format_all(formats: &LocaleFormats, options: &NumberOptions) -> usize {
    (0..COUNT)
        .map(|i| {
            let value = i as f64 * 13.7 + if i % 2 == 0 { 0.0 } else { 0.25 };
            formats.format_number(value, options).map_or(0, |s| s.len())
        })
        .sum()
}

fn numbers(c: &mut Criterion) {
    let options = NumberOptions::default();
    let all: Vec<(&str, LocaleFormats)> = LOCALES
        .iter()
        .map(|&tag| {
            let langid: LanguageIdentifier = tag.parse().expect("valid locale");
            (tag, LocaleFormats::new(&langid, None).expect("CLDR data"))
        })
        .collect();

    // One plain timed pass per locale, so the figure is printed even with `--quick`.
    for (tag, formats) in &all {
        let start = Instant::now();
        black_box(format_all(formats, &options));
        let per_second = COUNT as f64 / start.elapsed().as_secs_f64();
        println!("{tag:>8}: {per_second:>12.0} numbers/s");
    }

    let mut group = c.benchmark_group("format_number_1m");
    group
        .sample_size(10)
        .throughput(Throughput::Elements(COUNT));
    for (tag, formats) in &all {
        group.bench_function(*tag, |b| b.iter(|| format_all(formats, &options)));
    }
    group.finish();
}

criterion_group!(benches, numbers);
criterion_main!(benches);
