//! Numbers as `Intl.NumberFormat` prints them: options, exact decimals, rounding.

use fixed_decimal::{Decimal, FloatPrecision, SignedRoundingMode, UnsignedRoundingMode};
use fluent_bundle::types::{FluentNumber, FluentNumberOptions, FluentNumberStyle};

use super::formats::LocaleFormats;
use super::IntlError;

/// `NUMBER()` options, as in `Intl.NumberFormat` (the subset fluentpress supports).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NumberOptions {
    pub style: NumberStyle,
    pub use_grouping: bool,
    pub minimum_integer_digits: Option<u8>,
    pub minimum_fraction_digits: Option<u8>,
    pub maximum_fraction_digits: Option<u8>,
    pub minimum_significant_digits: Option<u8>,
    pub maximum_significant_digits: Option<u8>,
}

impl Default for NumberOptions {
    fn default() -> Self {
        NumberOptions {
            style: NumberStyle::Decimal,
            use_grouping: true,
            minimum_integer_digits: None,
            minimum_fraction_digits: None,
            maximum_fraction_digits: None,
            minimum_significant_digits: None,
            maximum_significant_digits: None,
        }
    }
}

/// `style:` of `NUMBER()`. Currency is not supported (`NUMBER()` reports it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum NumberStyle {
    #[default]
    Decimal,
    Percent,
}

impl From<&FluentNumberOptions> for NumberOptions {
    fn from(o: &FluentNumberOptions) -> Self {
        let digits = |d: Option<usize>| d.map(|d| d.min(MAX_DIGITS) as u8);
        NumberOptions {
            style: match o.style {
                FluentNumberStyle::Percent => NumberStyle::Percent,
                _ => NumberStyle::Decimal,
            },
            use_grouping: o.use_grouping,
            minimum_integer_digits: digits(o.minimum_integer_digits),
            minimum_fraction_digits: digits(o.minimum_fraction_digits),
            maximum_fraction_digits: digits(o.maximum_fraction_digits),
            minimum_significant_digits: digits(o.minimum_significant_digits),
            maximum_significant_digits: digits(o.maximum_significant_digits),
        }
    }
}

/// Largest digit count accepted for any digits option (as `Intl.NumberFormat` before 2023).
pub(super) const MAX_DIGITS: usize = 21;

impl LocaleFormats {
    /// Formats a float. Fails only for NaN and infinities.
    pub fn format_number(&self, value: f64, options: &NumberOptions) -> Result<String, IntlError> {
        Ok(self.format_decimal(&decimal_from_f64(value)?, options))
    }

    /// Formats an exact decimal (see [`parse_decimal`]), so `"0.10"` keeps its digits.
    pub fn format_decimal(&self, value: &Decimal, options: &NumberOptions) -> String {
        let mut d = value.clone();
        let percent = options.style == NumberStyle::Percent;
        if percent {
            d.multiply_pow10(2);
        }
        round(&mut d, options);
        match (percent, options.use_grouping) {
            (false, true) => self.grouped.format(&d).to_string(),
            (false, false) => self.ungrouped.format(&d).to_string(),
            (true, true) => self.percent_symbols(self.percent_grouped.format(&d).to_string()),
            (true, false) => self.percent_symbols(self.percent_ungrouped.format(&d).to_string()),
        }
    }

    /// The percent formatter's output with the sign and minus of the digits' own numbering
    /// system: ICU4X 2.4's (experimental) percent data takes both from the Latin-digit
    /// symbols, so Arabic-Indic digits came out as `‎-٢٥‎%‎` where CLDR writes `؜-٢٥٪؜`.
    fn percent_symbols(&self, formatted: String) -> String {
        let formatted = percent_sign_of_digits(formatted);
        let Some(first_digit) = formatted.find(|c: char| c.is_numeric()) else {
            return formatted;
        };
        let prefix = &formatted[..first_digit];
        if !prefix.contains('-') {
            return formatted;
        }
        // The decimal formatter has the numbering system's own minus sign.
        let minus_one = self.grouped.format(&Decimal::from(-1)).to_string();
        let minus = minus_one
            .find(|c: char| c.is_numeric())
            .map_or(prefix, |at| &minus_one[..at]);
        format!("{minus}{}", &formatted[first_digit..])
    }

    /// Formats a Fluent number with the options it carries (from `NUMBER()` or a literal).
    pub(super) fn format_fluent(&self, n: &FluentNumber) -> Result<String, IntlError> {
        self.format_number(n.value, &NumberOptions::from(&n.options))
    }
}

/// CLDR gives each numbering system its own percent sign; the digits in the text say
/// which system it is (ICU4X's decimal symbols do not carry the percent sign).
fn percent_sign_of_digits(formatted: String) -> String {
    let sign = if formatted.contains(|c| ('\u{0660}'..='\u{0669}').contains(&c)) {
        // CLDR `arab`: ARABIC PERCENT SIGN and ARABIC LETTER MARK.
        "\u{066A}\u{061C}"
    } else if formatted.contains(|c| ('\u{06F0}'..='\u{06F9}').contains(&c)) {
        // CLDR `arabext` (Persian, Urdu, Pashto digits).
        "\u{066A}"
    } else {
        return formatted;
    };
    let latin = if formatted.contains("\u{200E}%\u{200E}") {
        "\u{200E}%\u{200E}"
    } else {
        "%"
    };
    formatted.replacen(latin, sign, 1)
}

/// Parses a decimal string exactly ("1234.50"), for template filters.
pub fn parse_decimal(s: &str) -> Result<Decimal, IntlError> {
    Decimal::try_from_str(s).map_err(|_| IntlError::NotADecimal(s.to_owned()))
}

pub(super) fn decimal_from_f64(value: f64) -> Result<Decimal, IntlError> {
    Decimal::try_from_f64(value, FloatPrecision::RoundTrip)
        .map_err(|_| IntlError::NotFinite(value.to_string()))
}

/// Rounds and pads like `Intl.NumberFormat`: half away from zero, at most 3 fraction digits
/// (0 for percent) unless told otherwise; significant digits win over fraction digits.
pub(super) fn round(d: &mut Decimal, o: &NumberOptions) {
    const HALF_EXPAND: SignedRoundingMode =
        SignedRoundingMode::Unsigned(UnsignedRoundingMode::HalfExpand);
    if o.minimum_significant_digits.is_some() || o.maximum_significant_digits.is_some() {
        let min = i16::from(o.minimum_significant_digits.unwrap_or(1).max(1));
        let max = i16::from(o.maximum_significant_digits.unwrap_or(MAX_DIGITS as u8)).max(min);
        d.round_with_mode(d.absolute.nonzero_magnitude_start() - max + 1, HALF_EXPAND);
        d.absolute.trim_end();
        let top = d.absolute.nonzero_magnitude_start();
        d.absolute.pad_end(top - min + 1);
    } else {
        let min = o.minimum_fraction_digits.unwrap_or(0);
        let default_max = if o.style == NumberStyle::Percent {
            0
        } else {
            3
        };
        let max = o.maximum_fraction_digits.unwrap_or(default_max).max(min);
        d.round_with_mode(-i16::from(max), HALF_EXPAND);
        d.absolute.trim_end();
        d.absolute.pad_end(-i16::from(min));
    }
    // 0.25 × 100 keeps its leading zero digit ("025"), as does a parsed "007": drop them.
    d.absolute.trim_start();
    if let Some(digits) = o.minimum_integer_digits {
        d.absolute.pad_start(i16::from(digits));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intl::test_support::{formats, opts, NBSP, NNBSP};

    #[test]
    fn numbers_follow_cldr() {
        let seven = 7_000_000.0;
        let grouped = NumberOptions::default();
        let plain = opts(|o| o.use_grouping = false);
        let two = opts(|o| o.minimum_fraction_digits = Some(2));
        let percent = opts(|o| o.style = NumberStyle::Percent);
        let fr7 = format!("7{NNBSP}000{NNBSP}000");
        let ru7 = format!("7{NBSP}000{NBSP}000");
        let fr_dec = format!("1{NNBSP}234,5");
        let ru_dec = format!("1{NBSP}234,5");
        let nbsp_pct = format!("25{NBSP}%");
        #[rustfmt::skip]
        let table: &[(&str, Option<&str>, f64, &NumberOptions, &str)] = &[
            ("en", None, seven, &grouped, "7,000,000"),
            ("fr", None, seven, &grouped, &fr7),
            ("de", None, seven, &grouped, "7.000.000"),
            ("es", None, seven, &grouped, "7.000.000"),
            // CLDR 49: plain `ar` defaults to Latin digits; Egypt, Saudi Arabia… to arab.
            ("ar", None, seven, &grouped, "7,000,000"),
            ("ar-EG", None, seven, &grouped, "٧٬٠٠٠٬٠٠٠"),
            ("ar", Some("arab"), seven, &grouped, "٧٬٠٠٠٬٠٠٠"),
            ("ar-EG", Some("latn"), seven, &grouped, "7,000,000"),
            ("ru", None, seven, &grouped, &ru7),
            ("hi", None, seven, &grouped, "70,00,000"),
            ("zh-Hans", None, seven, &grouped, "7,000,000"),
            ("en", None, 1234.5, &grouped, "1,234.5"),
            ("fr", None, 1234.5, &grouped, &fr_dec),
            ("de", None, 1234.5, &grouped, "1.234,5"),
            // Spanish groups only from five digits (CLDR minimumGroupingDigits = 2).
            ("es", None, 1234.5, &grouped, "1234,5"),
            ("es", None, 12345.5, &grouped, "12.345,5"),
            ("ar", None, 1234.5, &grouped, "1,234.5"),
            ("ar-EG", None, 1234.5, &grouped, "١٬٢٣٤٫٥"),
            ("ru", None, 1234.5, &grouped, &ru_dec),
            ("hi", None, 1234.5, &grouped, "1,234.5"),
            ("zh-Hans", None, 1234.5, &grouped, "1,234.5"),
            ("en", None, 1234567.0, &plain, "1234567"),
            ("ar-EG", None, 1234567.0, &plain, "١٢٣٤٥٦٧"),
            ("en", None, 1234.5, &two, "1,234.50"),
            ("de", None, 0.5, &two, "0,50"),
            ("en", None, 1.23456, &grouped, "1.235"),
            ("en", None, 1.0005, &grouped, "1.001"),
            ("en", None, 2.5, &opts(|o| o.maximum_fraction_digits = Some(0)), "3"),
            ("en", None, -1234.5, &grouped, "-1,234.5"),
            ("en", None, 7.0, &opts(|o| o.minimum_integer_digits = Some(3)), "007"),
            ("en", None, 123456.0, &opts(|o| o.maximum_significant_digits = Some(2)), "120,000"),
            ("en", None, 1.5, &opts(|o| o.minimum_significant_digits = Some(3)), "1.50"),
            ("en", None, 0.25, &percent, "25%"),
            ("fr", None, 0.25, &percent, &nbsp_pct),
            ("de", None, 0.25, &percent, &nbsp_pct),
            ("es", None, 0.25, &percent, &nbsp_pct),
            ("ar", None, 0.25, &percent, "25\u{200E}%\u{200E}"),
            // CLDR's arab percent sign is ARABIC PERCENT SIGN + ALM (Babel's locale data
            // agrees: number_symbols["arab"]["percentSign"]), not ICU4X's Latin one.
            ("ar-EG", None, 0.25, &percent, "٢٥\u{066A}\u{061C}"),
            ("ar", Some("arab"), 0.25, &percent, "٢٥\u{066A}\u{061C}"),
            ("ar", Some("arab"), -0.255, &percent, "\u{061C}-٢٦\u{066A}\u{061C}"),
            ("ar-EG", Some("latn"), 0.25, &percent, "25\u{200E}%\u{200E}"),
            ("fa", None, 0.25, &percent, "۲۵\u{066A}"),
            ("ru", None, 0.25, &percent, &nbsp_pct),
            ("hi", None, 0.25, &percent, "25%"),
            ("zh-Hans", None, 0.25, &percent, "25%"),
            ("en", None, 12.345, &percent, "1,235%"),
            ("en", None, 0.0, &percent, "0%"),
        ];
        let mut failures = Vec::new();
        for &(tag, nu, value, o, expected) in table {
            let got = formats(tag, nu).format_number(value, o).expect("finite");
            if got != expected {
                failures.push(format!(
                    "{tag} {nu:?} {value} {o:?}: {got:?} != {expected:?}"
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn exact_decimals_keep_their_digits() {
        let en = formats("en", None);
        let d = parse_decimal("1234.50").expect("decimal");
        let o = opts(|o| o.minimum_fraction_digits = Some(2));
        assert_eq!(en.format_decimal(&d, &o), "1,234.50");
        assert!(parse_decimal("12,5").is_err());
        assert!(en.format_number(f64::NAN, &o).is_err());
    }
}
