//! The logs pane's time range: presets, or a range the user types.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeRange {
    Minutes5,
    Hour1,
    Hours24,
    /// Typed by the user: the last this many milliseconds.
    Custom(i64),
}

impl TimeRange {
    pub fn millis(self) -> i64 {
        match self {
            TimeRange::Minutes5 => 5 * 60_000,
            TimeRange::Hour1 => 3_600_000,
            TimeRange::Hours24 => 86_400_000,
            TimeRange::Custom(millis) => millis,
        }
    }

    pub fn label(self) -> String {
        match self {
            TimeRange::Minutes5 => "last 5 min".into(),
            TimeRange::Hour1 => "last hour".into(),
            TimeRange::Hours24 => "last 24 h".into(),
            TimeRange::Custom(millis) => format!("last {}", describe_millis(millis)),
        }
    }

    /// The range as it would be typed (`5m`, `24h`, `90s`): the range prompt
    /// opens with it selected, so typing replaces it.
    pub fn as_typed(self) -> String {
        if self == TimeRange::Hours24 {
            return "24h".into();
        }
        match self.millis() {
            m if m % 86_400_000 == 0 => format!("{}d", m / 86_400_000),
            m if m % 3_600_000 == 0 => format!("{}h", m / 3_600_000),
            m if m % 60_000 == 0 => format!("{}m", m / 60_000),
            m => format!("{}s", m / 1000),
        }
    }

    /// Parses `90s`, `15m`, `6h` or `3d` (up to Logs' default retention of years).
    pub fn parse(text: &str) -> Result<TimeRange, String> {
        let text = text.trim();
        let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
        let (number, unit) = text.split_at(split);
        let amount: i64 = number
            .parse()
            .map_err(|_| format!("{text:?} is not a range like 90m, 6h or 3d"))?;
        let unit_millis = match unit.trim() {
            "s" => 1_000,
            "m" | "" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            other => return Err(format!("unknown unit {other:?}: use s, m, h or d")),
        };
        if amount == 0 || amount > 3650 * 86_400_000 / unit_millis {
            return Err(format!("{text:?} is out of range"));
        }
        // A preset typed is that preset, so T goes on from it.
        let millis = amount * unit_millis;
        Ok([TimeRange::Minutes5, TimeRange::Hour1, TimeRange::Hours24]
            .into_iter()
            .find(|preset| preset.millis() == millis)
            .unwrap_or(TimeRange::Custom(millis)))
    }

    pub fn next(self) -> TimeRange {
        match self {
            TimeRange::Minutes5 => TimeRange::Hour1,
            TimeRange::Hour1 => TimeRange::Hours24,
            TimeRange::Hours24 | TimeRange::Custom(_) => TimeRange::Minutes5,
        }
    }
}

fn describe_millis(millis: i64) -> String {
    match millis {
        m if m % 86_400_000 == 0 => format!("{} d", m / 86_400_000),
        m if m % 3_600_000 == 0 => format!("{} h", m / 3_600_000),
        m if m % 60_000 == 0 => format!("{} min", m / 60_000),
        m => format!("{} s", m / 1000),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_ranges_parse_or_say_why_not() {
        assert_eq!(TimeRange::parse("90m"), Ok(TimeRange::Custom(90 * 60_000)));
        assert_eq!(TimeRange::parse("3d").unwrap().label(), "last 3 d");
        assert_eq!(
            TimeRange::parse("60m"),
            Ok(TimeRange::Hour1),
            "a preset typed is the preset"
        );
        assert_eq!(TimeRange::parse(" 45 ").unwrap().label(), "last 45 min");
        assert!(TimeRange::parse("2w").unwrap_err().contains("unknown unit"));
        assert!(TimeRange::parse("abc").is_err());
        assert!(TimeRange::parse("0h").is_err());
        for range in [TimeRange::Minutes5, TimeRange::Hours24, TimeRange::Custom(90_000)] {
            assert_eq!(
                TimeRange::parse(&range.as_typed()).map(|r| r.millis()),
                Ok(range.millis())
            );
        }
    }
}
