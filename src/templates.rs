//! Event templates: what common AWS sources send a function, to start a payload from.

macro_rules! template {
    ($name:literal, $file:literal) => {
        (
            $name,
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/events/", $file)),
        )
    };
}

/// (name, JSON) pairs, shown by `E`.
pub const TEMPLATES: &[(&str, &str)] = &[
    template!("API Gateway HTTP API (payload 2.0)", "apigw-http.json"),
    template!("API Gateway REST API (proxy)", "apigw-rest.json"),
    template!("S3 object created", "s3-put.json"),
    template!("SQS message", "sqs.json"),
    template!("SNS notification", "sns.json"),
    template!("EventBridge event", "eventbridge.json"),
    template!("DynamoDB stream record", "dynamodb-stream.json"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_is_valid_json() {
        for (name, text) in TEMPLATES {
            assert_eq!(
                crate::payload::validate(text),
                crate::payload::Validity::Valid,
                "{name}"
            );
        }
    }
}
