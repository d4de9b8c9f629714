//! Lambda's platform log lines (START / END / REPORT), parsed into figures.

/// The figures of one `REPORT RequestId: ...` line.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Report {
    pub request_id: String,
    pub duration_ms: Option<f64>,
    pub billed_duration_ms: Option<u64>,
    pub memory_size_mb: Option<u64>,
    pub max_memory_used_mb: Option<u64>,
    /// Present only on a cold start.
    pub init_duration_ms: Option<f64>,
    /// `timeout`, `error`... Lambda omits it on success.
    pub status: Option<String>,
}

impl Report {
    /// Parses a REPORT line; fields are tab separated and any may be
    /// missing. A sanitized line (tabs made four spaces, as a log tail kept
    /// in the history is) parses the same.
    pub fn parse(line: &str) -> Option<Report> {
        let rest = line.trim_start().strip_prefix("REPORT RequestId: ")?;
        let rest = rest.replace("    ", "\t");
        let mut fields = rest.split('\t').map(str::trim).filter(|f| !f.is_empty());
        let mut report = Report {
            request_id: fields.next()?.to_string(),
            ..Report::default()
        };
        for field in fields {
            let Some((key, value)) = field.split_once(": ") else {
                continue;
            };
            let number = value.split_whitespace().next().unwrap_or("");
            match key {
                "Duration" => report.duration_ms = number.parse().ok(),
                "Billed Duration" => report.billed_duration_ms = number.parse().ok(),
                "Memory Size" => report.memory_size_mb = number.parse().ok(),
                "Max Memory Used" => report.max_memory_used_mb = number.parse().ok(),
                "Init Duration" => report.init_duration_ms = number.parse().ok(),
                "Status" => report.status = Some(value.to_string()),
                _ => {}
            }
        }
        Some(report)
    }

    /// Finds the REPORT line in a log tail (the last one wins).
    pub fn find_in(log: &str) -> Option<Report> {
        log.lines().rev().find_map(Report::parse)
    }
}

/// A platform line that frames an invocation.
#[derive(Debug, Clone, PartialEq)]
pub enum PlatformLine {
    Start {
        request_id: String,
        version: Option<String>,
    },
    End {
        request_id: String,
    },
    Report(Report),
}

impl PlatformLine {
    pub fn parse(line: &str) -> Option<PlatformLine> {
        let line = line.trim_start();
        if let Some(rest) = line.strip_prefix("START RequestId: ") {
            let mut parts = rest.split_whitespace();
            let request_id = parts.next()?.to_string();
            let version = match (parts.next(), parts.next()) {
                (Some("Version:"), Some(v)) => Some(v.to_string()),
                _ => None,
            };
            return Some(PlatformLine::Start { request_id, version });
        }
        if let Some(rest) = line.strip_prefix("END RequestId: ") {
            let request_id = rest.split_whitespace().next()?.to_string();
            return Some(PlatformLine::End { request_id });
        }
        Report::parse(line).map(PlatformLine::Report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLD: &str = "REPORT RequestId: 3f1c\tDuration: 12.96 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 48 MB\tInit Duration: 117.86 ms\t";

    #[test]
    fn parses_a_cold_start_report() {
        let r = Report::parse(COLD).unwrap();
        assert_eq!(r.request_id, "3f1c");
        assert_eq!(r.duration_ms, Some(12.96));
        assert_eq!(r.billed_duration_ms, Some(13));
        assert_eq!(r.memory_size_mb, Some(128));
        assert_eq!(r.max_memory_used_mb, Some(48));
        assert_eq!(r.init_duration_ms, Some(117.86));
        assert_eq!(r.status, None);
        let sanitized = crate::sanitize::sanitize(COLD);
        assert_eq!(Report::parse(&sanitized), Some(r), "as the history keeps it");
    }

    #[test]
    fn parses_a_timeout_status_and_ignores_xray_lines() {
        let tail = "START RequestId: ab Version: $LATEST\nEND RequestId: ab\nREPORT RequestId: ab\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 30 MB\tStatus: timeout\nXRAY TraceId: 1-2-3\tSegmentId: 4\tSampled: true\n";
        let r = Report::find_in(tail).unwrap();
        assert_eq!(r.status.as_deref(), Some("timeout"));
        assert_eq!(r.init_duration_ms, None);
        assert_eq!(r.duration_ms, Some(3000.0));
    }

    #[test]
    fn frames_are_recognised() {
        assert_eq!(
            PlatformLine::parse("START RequestId: ab Version: 3"),
            Some(PlatformLine::Start {
                request_id: "ab".into(),
                version: Some("3".into())
            })
        );
        assert_eq!(
            PlatformLine::parse("END RequestId: ab"),
            Some(PlatformLine::End {
                request_id: "ab".into()
            })
        );
        assert_eq!(PlatformLine::parse("hello START RequestId: x"), None);
        assert!(Report::parse("REPORT nothing").is_none());
    }
}
