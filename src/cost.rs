//! What calls cost, estimated: billed GB-seconds from each REPORT (billed
//! duration times configured memory), priced per GB-second for the
//! function's architecture and per request, from the config's `[prices]`.
//! Lambda's free tier, tiered discounts and Savings Plans are left out, so
//! the screen calls it an estimate.

/// US dollars, as AWS lists them; the defaults are the public on-demand
/// prices in us-east-1 (the first pricing tier).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prices {
    pub request: f64,
    pub x86_64_gb_second: f64,
    pub arm64_gb_second: f64,
}

impl Default for Prices {
    fn default() -> Self {
        Prices {
            request: 0.000_000_2,
            x86_64_gb_second: 0.000_016_666_7,
            arm64_gb_second: 0.000_013_333_4,
        }
    }
}

/// What a price may be, in dollars: a typo of a thousand times is refused.
pub const PRICE_USD: std::ops::RangeInclusive<f64> = 0.0..=1.0;

impl Prices {
    /// The price per GB-second for an architecture as Lambda names it
    /// (`x86_64` when it says nothing, as Lambda defaults).
    pub fn gb_second(&self, architecture: &str) -> f64 {
        if architecture.eq_ignore_ascii_case("arm64") {
            self.arm64_gb_second
        } else {
            self.x86_64_gb_second
        }
    }
}

/// Billed use, summed call by call.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Bill {
    /// Calls that reached the function (a throttled call is not billed).
    pub requests: u64,
    pub gb_seconds: f64,
}

impl Bill {
    /// One call that reached the function; its REPORT's billed duration and
    /// memory size when there is one (a call with none adds a request only).
    pub fn add(&mut self, billed_ms: Option<u64>, memory_mb: Option<u64>) {
        self.requests += 1;
        if let (Some(ms), Some(mb)) = (billed_ms, memory_mb) {
            self.gb_seconds += (ms as f64 / 1000.0) * (mb as f64 / 1024.0);
        }
    }

    /// Dollars: requests plus compute, at `prices` for `architecture`.
    pub fn cost(&self, prices: &Prices, architecture: &str) -> f64 {
        self.requests as f64 * prices.request + self.gb_seconds * prices.gb_second(architecture)
    }
}

/// Dollars as a person reads a small sum: `$0.0000042`, `$25.60`.
pub fn dollars(amount: f64) -> String {
    if amount >= 0.01 {
        format!("${amount:.2}")
    } else if amount > 0.0 {
        // Two significant figures, down to a millionth of a cent.
        let digits = ((-amount.log10()).ceil() as usize + 1).min(12);
        format!("${amount:.digits$}")
    } else {
        "$0".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9 * b.abs().max(1.0)
    }

    /// AWS's pricing page, first example: 3 million requests a month of
    /// 120 ms each at 1,536 MB on x86_64, before the free tier: 540,000
    /// GB-seconds, $9.00 of compute and $0.60 of requests.
    #[test]
    fn three_million_calls_at_one_and_a_half_gb_cost_nine_sixty() {
        let mut bill = Bill::default();
        // Summed call by call would be 3 million adds; the per-call figure
        // times the count is the same sum.
        bill.add(Some(120), Some(1536));
        let one = bill;
        let bill = Bill {
            requests: one.requests * 3_000_000,
            gb_seconds: one.gb_seconds * 3_000_000.0,
        };
        assert!(close(bill.gb_seconds, 540_000.0), "{}", bill.gb_seconds);
        let prices = Prices::default();
        assert!(close(bill.requests as f64 * prices.request, 0.60));
        assert!(close(bill.gb_seconds * prices.gb_second("x86_64"), 9.000_018));
        assert_eq!(dollars(bill.cost(&prices, "x86_64")), "$9.60");
    }

    /// The same use on arm64 is priced per GB-second at about 20% less.
    #[test]
    fn arm64_is_priced_as_arm64() {
        let mut bill = Bill::default();
        for _ in 0..1_000 {
            bill.add(Some(1000), Some(1024));
        }
        assert!(close(bill.gb_seconds, 1_000.0));
        let prices = Prices::default();
        assert!(close(
            bill.cost(&prices, "arm64"),
            1_000.0 * 0.000_000_2 + 1_000.0 * 0.000_013_333_4
        ));
        assert!(close(
            bill.cost(&prices, "x86_64"),
            1_000.0 * 0.000_000_2 + 1_000.0 * 0.000_016_666_7
        ));
        assert!(
            close(bill.cost(&prices, ""), bill.cost(&prices, "x86_64")),
            "x86_64 by default"
        );
    }

    /// A call with no REPORT (its log tail cut) is a request, not compute;
    /// 128 MB for 1 ms is 1/8,000 of a GB-second.
    #[test]
    fn calls_without_a_report_count_as_requests_only() {
        let mut bill = Bill::default();
        bill.add(None, Some(128));
        bill.add(Some(1), Some(128));
        assert_eq!(bill.requests, 2);
        assert!(close(bill.gb_seconds, 0.000_125));
        // Two requests (4 × 10⁻⁷) and 2 × 10⁻⁹ of compute.
        assert_eq!(dollars(bill.cost(&Prices::default(), "x86_64")), "$0.00000040");
    }

    #[test]
    fn small_sums_keep_two_significant_figures() {
        assert_eq!(dollars(0.0), "$0");
        assert_eq!(dollars(0.000_004_2), "$0.0000042");
        assert_eq!(dollars(0.004_2), "$0.0042");
        assert_eq!(dollars(25.6), "$25.60");
        assert_eq!(
            dollars(1e-300),
            "$0.000000000000",
            "a price of almost nothing stays short"
        );
    }
}
